// arithmetic, comparison, logic, compound assignment, integer division, remainders
import Foundation
print(7 / 2, -7 / 2, 7 % 3, -7 % 3, 7.0 / 2)
print(1 == 1, 1 != 2, 2 <= 2, 3 > 4, "a" < "b", !true, true && false, true || false)
var x = 10
x += 5; x -= 3; x *= 2; x /= 4; x %= 4
print(x)
var s = "res"
s += "2a"
print(s, s.count, s.hasPrefix("res"), s.hasSuffix("b"))
let f: Float = 1
print(f / 3, Double(1) / 3, Float(2.5) * 2, 0.1 + 0.2)
print(1e-5, 100000000000000000.0, 1.0e16, Float(1e-7), 5e-07)
print(Int(3.99), Int(-3.99), Double(7), Float(0.1), String(42), Int("0x1") as Any)
print(abs(-4), abs(-2.5), min(3, 1, 2), max(2.5, 1), min(f, 0.5))
print(sqrt(2.0), exp(1.0), log(10.0), pow(2.0, 0.5))
print((1, "two"), (x: 1, y: 2.5))
print(Int.max, Float.pi, Double.pi)
print(3.7.rounded(), (-3.5).rounded(), 7.5.truncatingRemainder(dividingBy: 2))
print(Double.nan.isNaN, (1.0 / 0).isInfinite, 12.isMultiple(of: 4))
