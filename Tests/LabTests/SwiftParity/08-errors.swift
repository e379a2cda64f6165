// do / try / catch, throw of a learner's own Error
import Foundation
struct ShapeError: Error { let message: String }
enum DataError: Error { case empty, corrupt(line: Int) }
func load(_ n: Int) throws -> [Int] {
    if n == 0 { throw DataError.empty }
    if n < 0 { throw DataError.corrupt(line: -n) }
    return Array(0..<n)
}
do {
    let a = try load(3)
    print(a)
    _ = try load(0)
    print("not reached")
} catch DataError.empty {
    print("empty")
} catch {
    print("other", error)
}
do { _ = try load(-7) } catch DataError.corrupt(let line) { print("corrupt at", line) } catch { print(error) }
do { throw ShapeError(message: "bad shape") } catch { print(error) }
do { throw ShapeError(message: "x") } catch is ShapeError { print("is ShapeError") }
let r = try? load(2)
print(r as Any)
