// for over ranges, arrays, stride, enumerated, zip, indices, dictionaries; while; repeat
import Foundation
for i in 0..<3 { print(i) }
for i in 1...3 { print(i, terminator: " ") }
print()
let names = ["conv", "bn", "relu"]
for name in names { print(name.uppercased()) }
for i in stride(from: 10, to: 0, by: -3) { print(i, terminator: ",") }
print()
for x in stride(from: 0.0, through: 1.0, by: 0.25) { print(x) }
for (i, name) in names.enumerated() { print("\(i): \(name)") }
for (a, b) in zip([1, 2, 3], ["x", "y"]) { print(a, b) }
for i in names.indices where i != 1 { print(names[i]) }
let ages = ["b": 2]
for (key, value) in ages { print(key, value) }
var n = 0
while n < 5 { n += 2 }
print(n)
repeat { n -= 1 } while n > 3
print(n)
outer: for i in 0..<3 {
    for j in 0..<3 {
        if j == 2 { continue outer }
        if i == 2 { break outer }
        print(i, j)
    }
}
