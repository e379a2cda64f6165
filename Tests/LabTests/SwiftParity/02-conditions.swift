// if / else if / else, if let, guard, switch, ternary, ??
import Foundation
let loss: Float = 0.42
if loss < 0.1 { print("great") } else if loss < 0.5 { print("good") } else { print("bad") }
let maybe: Int? = Int("12")
if let m = maybe, m > 10 { print("big", m) }
if let none = Int("x") { print(none) } else { print("not a number") }
func check(_ v: Int) -> String {
    guard v >= 0 else { return "negative" }
    switch v {
    case 0: return "zero"
    case 1, 2, 3: return "small"
    case 4..<10: return "medium"
    default: return "large"
    }
}
print(check(-1), check(0), check(2), check(7), check(100))
let word = "relu"
switch word {
case "relu", "sigmoid": print("activation")
default: print("other")
}
print(loss > 0.3 ? "high" : "low")
let fallback: Int? = nil
print(fallback ?? 7, maybe ?? 0)
let t = (3, "x")
switch t {
case (0, _): print("zero")
case (let a, "x") where a > 2: print("x with", a)
default: print("else")
}
