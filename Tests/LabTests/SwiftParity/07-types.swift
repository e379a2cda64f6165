// a learner's structs and enums
import Foundation
struct Point {
    var x: Double
    var y: Double
    var norm: Double { (x * x + y * y).squareRoot() }
    func moved(by d: Double) -> Point { Point(x: x + d, y: y + d) }
    mutating func scale(_ f: Double) { x *= f; y *= f }
}
var p = Point(x: 3, y: 4)
print(p, p.norm, p.moved(by: 1))
p.scale(2)
print(p.x, p)
var q = p
q.x = 0
print(p.x, q.x)
enum Phase { case train, test }
var phase = Phase.train
print(phase)
phase = .test
switch phase {
case .train: print("training")
case .test: print("testing")
}
enum Activation: String { case relu, sigmoid = "sig" }
print(Activation.relu.rawValue, Activation.sigmoid.rawValue, Activation(rawValue: "sig") as Any)
struct Stats: CustomStringConvertible {
    let mean: Float
    let std: Float
    var description: String { "mean \(mean) ± \(std)" }
}
print(Stats(mean: 0.5, std: 0.25))
struct Counter {
    var value = 0
    mutating func increment() { value += 1 }
}
var c = Counter()
c.increment(); c.increment()
print(c.value)
enum Outcome { case ok, failed(code: Int) }
let o = Outcome.failed(code: 3)
switch o {
case .ok: print("ok")
case .failed(let code): print("failed with", code)
}
struct Layer { let name: String; var units: Int = 10 }
print(Layer(name: "dense"), Layer(name: "out", units: 2))
