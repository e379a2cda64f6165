// functions: labels, defaults, throws, -> T, recursion, nested, inout, variadic
import Foundation
func scale(_ x: Double, by factor: Double = 2) -> Double { x * factor }
print(scale(3), scale(3, by: 10))
func factorial(_ n: Int) -> Int { n <= 1 ? 1 : n * factorial(n - 1) }
print(factorial(10))
func outer() -> Int {
    func inner(_ v: Int) -> Int { v + 1 }
    return inner(inner(1))
}
print(outer())
func sum(_ values: Int...) -> Int { values.reduce(0, +) }
print(sum(1, 2, 3, 4))
func bump(_ v: inout Int) { v += 100 }
var k = 1
bump(&k)
print(k)
struct TooBig: Error { let limit: Int }
func checked(_ v: Int) throws -> Int {
    if v > 10 { throw TooBig(limit: 10) }
    return v
}
do {
    print(try checked(3))
    print(try checked(30))
} catch let e as TooBig {
    print("too big, limit", e.limit)
}
print((try? checked(50)) as Any, try? checked(5) as Any)
func isEven(_ n: Int) -> Bool { n == 0 ? true : isOdd(n - 1) }
func isOdd(_ n: Int) -> Bool { n == 0 ? false : isEven(n - 1) }
print(isEven(10), isOdd(7))
var a = 1, b = 2
swap(&a, &b)
print(a, b)
(a, b) = (b, a)
print(a, b)
