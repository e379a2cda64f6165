// Models as the seeds build them: parameter totals against the ResNet paper and Keras,
// shapes through the network, and the failure messages of invalid depths.

import Foundation
import Testing
@testable import ResNetKit

@Suite("Models")
struct ModelTests {
    /// He et al. 2015, Table 6 (CIFAR-10): parameters of ResNet-20/32/44/56/110 in millions,
    /// to the precision the paper prints them, for the paper's own network: option A
    /// (parameter-free zero-padding shortcuts) and no convolution biases (BN follows each).
    /// Seed 003's network adds conv biases and 1×1 projections: 0.47M, 0.67M, 0.86M for
    /// 32/44/56 — checked exactly against Keras in KerasModelTests.
    @Test(arguments: [(20, 0.27), (32, 0.46), (44, 0.66), (56, 0.85), (110, 1.7)])
    func paperTable(_ depth: Int, _ millions: Double) throws {
        let counts = try ResNetV1(depth: depth, shortcut: .zeroPadding, useBias: false).parameterCounts
        let printed = depth == 110 ? (Double(counts.trainable) / 1e5).rounded() / 10 : (Double(counts.trainable) / 1e4).rounded() / 100
        #expect(printed == millions, "ResNet-\(depth) (option A): \(counts.trainable) trainable parameters")
    }

    @Test("the check of the paper's table can fail: seed 003's own ResNet-32 prints 0.47M")
    func paperTableRejectsSeedVariant() throws {
        let seed = try ResNetV1(depth: 32).parameterCounts.trainable
        #expect((Double(seed) / 1e4).rounded() / 100 != 0.46)
    }

    @Test("an invalid depth throws the seed's own message")
    func invalidDepth() {
        #expect(throws: ResNetError.self) { try ResNetV1(depth: 21) }
        do { _ = try ResNetV1(depth: 21) } catch let e as ResNetError {
            #expect(e.message.hasPrefix("depth should be 6n + 2 (eg 20, 32, 44 in [a])"))
        } catch { Issue.record("wrong error type") }
        do { _ = try ResNetV2(depth: 20) } catch let e as ResNetError {
            #expect(e.message.hasPrefix("depth should be 9n + 2 (eg 56 or 110 in [b])"))
        } catch { Issue.record("wrong error type") }
        #expect(throws: ResNetError.self) { try PlainNet(depth: 8 + 1) }
    }

    @Test("shape walk-through of ResNet-20 v1 halves the size and doubles the filters per stack")
    func trace() throws {
        let model = try ResNetV1(depth: 20)
        let steps = try model.trace(Tensor.zeros([2, 32, 32, 3]))
        let shapes = steps.map(\.outputShape)
        #expect(shapes.first == [2, 32, 32, 3])
        #expect(shapes.contains([2, 32, 32, 16]) && shapes.contains([2, 16, 16, 32]) && shapes.contains([2, 8, 8, 64]))
        #expect(shapes.last == [2, 10])
        #expect(try model.traceTable(Tensor.zeros([1, 32, 32, 3])).contains("stack2_unit1 (ResidualUnit)"))
    }

    @Test("ResNet-50 at any input size; too small an input is explained")
    func resnet50Sizes() throws {
        let m = try ResNet50(inputShape: [64, 64, 3], classes: 6)
        #expect(try m.outputShape(for: [1, 64, 64, 3]) == [1, 6])
        #expect(try ResNet50(inputShape: [96, 80, 1], classes: 3).outputShape(for: [1, 96, 80, 1]) == [1, 3])
        #expect(throws: ResNetError.self) { try ResNet50(inputShape: [16, 16, 3]) }
        #expect(throws: ResNetError.self) { try m(Tensor.zeros([1, 32, 32, 3])) }
    }

    @Test("summary lists every layer with Keras's columns and totals")
    func summary() throws {
        let text = try ResNet20().summary()
        #expect(text.contains("Layer (type)") && text.contains("Connected to"))
        #expect(text.contains("Total params:") && text.contains("Non-trainable params:"))
        let rows = try ResNet20().summaryRows()
        #expect(rows.filter { $0.kind == "Add" }.allSatisfy { $0.connectedTo.count == 2 })
        #expect(rows.filter { $0.kind == "Add" }.count == 9)
    }
}
