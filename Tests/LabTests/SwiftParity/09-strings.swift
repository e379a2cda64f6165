// interpolation and print's separator and terminator
import Foundation
let epoch = 3, loss: Float = 0.123456789, acc = 0.9
print("epoch \(epoch): loss \(loss), accuracy \(acc * 100)%")
print("nested \("quote \(epoch + 1)")")
print("a", "b", "c", separator: ", ", terminator: "!\n")
print(1, 2.5, "x", true, [1], ["k": "v"], separator: "|")
print("tab\tand \\ backslash and \"quotes\"")
print(["a\"b", "new\nline"])
let parts = "conv2d_1,batch_normalization,activation".split(separator: ",")
print(parts.count, parts[0], parts.map { $0.count })
print(String(format: "%.3f", 3.14159), String(format: "%5d|%x|", 42, 255))
var line = ""
for i in 0..<5 { line += String(i) }
print(line, line.reversed().map { String($0) }.joined())
print("\u{2713} done")
