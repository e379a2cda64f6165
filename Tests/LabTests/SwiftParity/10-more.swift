// key paths, Type.init as a function, optional patterns, custom descriptions, reduce(into:), String(format:)
import Foundation
struct Shape: CustomStringConvertible { var w: Int; var h: Int; var description: String { "\(w)x\(h)" } }
enum Kind: String, CaseIterable { case conv, bn = "batch_norm" }
var log: [String: [Float]] = [:]
for (epoch, loss) in zip(1...3, [0.9, 0.5, 0.25] as [Float]) { log["loss", default: []].append(loss / Float(epoch)) }
print(log["loss"]!, Kind.allCases.map(\.rawValue), [Shape(w: 2, h: 3)], Shape(w: 1, h: 1))
func steps(_ n: Int, every k: Int = 2) -> [Int] { stride(from: 0, to: n, by: k).filter { $0 % 3 != 0 } }
print(steps(12), steps(12, every: 5), Int.max / 2, (-7).magnitude, 1.0 / 0, -0.0)
let words = "a b a c".split(separator: " ").map(String.init)
print(words.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }["a"]!, words.sorted(by: >), words.firstIndex(of: "c") as Any)
var opt: Int? = nil
print(opt ?? -1, opt.map { $0 * 2 } as Any, String(format: "%.2f|%03d", 3.14159, 7))
opt = 4
if case let v? = opt, v > 3 { print("case", v) }
