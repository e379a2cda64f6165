// arrays, dictionaries, strings, optionals
import Foundation
var a = [3, 1, 2]
a.append(4)
a += [5]
a.insert(0, at: 0)
let removed = a.remove(at: 1)
print(a, removed, a.count, a.isEmpty, a.first as Any, a.last!, a.contains(2))
print(a.min()!, a.max()!, a.sorted(), Array(a.reversed()), Array(a[1..<3]), a.firstIndex(of: 2) as Any)
print(a.map { String($0) }.joined(separator: "-"), a.allSatisfy { $0 >= 0 })
a.sort()
print(a, a.popLast() as Any, a.removeLast(), a)
var empty: [Float] = []
print(empty, empty.isEmpty, empty.first as Any)
empty.append(0.5)
print(empty)
var counts: [String: Int] = [:]
for w in "the cat the dog the end".split(separator: " ") { counts[String(w), default: 0] += 1 }
print(counts["the"]!, counts["cat"] as Any, counts["zebra"] as Any, counts.count)
print(counts.keys.sorted(), counts.values.reduce(0, +))
counts["cat"] = nil
print(counts.keys.sorted())
var d = ["a": 1]
d["b"] = 2
d["a"]! += 10
print(d["a"]!, d.count, d.isEmpty)
let s = "Hello, ResNet"
print(s.count, s.uppercased(), s.lowercased(), s.split(separator: ","), s.contains("Res"))
print(["x", "y"].joined(separator: "+"), String(repeating: "ab", count: 3))
let opt: String? = "here"
print(opt as Any, opt!, opt ?? "none", opt?.count as Any)
let grid = [[1, 2], [3, 4]]
print(grid[1][0], grid.map { $0.reduce(0, +) }, grid.flatMap { $0 })
print([1, 2, 3].prefix(2), [1, 2, 3].dropFirst(), [1, 2, 3].suffix(1))
let tally = ["x", "y", "x"].reduce(into: [:]) { counts, w in counts[w, default: 0] += 1 }
print(tally["x"]!, tally["y"]!, [1, 2, 3].reduce(into: 0) { $0 += $1 * $1 }, [1, 2].reduce(into: [Int]()) { $0.append($1 * 10) })
