// closures: typed parameters, $0, multi-statement bodies, trailing closures, capture by reference
import Foundation
let double = { (a: Int) -> Int in a * 2 }
print(double(21))
let add: (Int, Int) -> Int = { $0 + $1 }
print(add(2, 3))
func makeCounter() -> () -> Int {
    var count = 0
    return {
        count += 1
        return count
    }
}
let next = makeCounter()
_ = next()
_ = next()
print(next())
var total = 0
let addToTotal = { (v: Int) in total += v }
addToTotal(5)
addToTotal(7)
print(total)
let xs = [5, 3, 8, 1]
print(xs.sorted { $0 > $1 }, xs.sorted(by: <), xs.map { v in v * v })
print(xs.filter { $0 % 2 == 1 }.count, xs.reduce(0) { acc, v in acc + v })
let describe: (Float) -> String = { loss in
    let rounded = (loss * 100).rounded() / 100
    return "loss \(rounded)"
}
print(describe(0.12345))
func apply(_ f: (Int) -> Int, to v: Int) -> Int { f(v) }
print(apply({ $0 + 1 }, to: 1), apply(double, to: 4))
