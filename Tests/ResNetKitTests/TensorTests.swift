// Tensor basics against values worked out by hand or by NumPy's documented rules.

import Foundation
import Testing
@testable import ResNetKit

@Suite("Tensor")
struct TensorTests {
    @Test func creationAndShape() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.shape == [2, 3] && x.rank == 2 && x.count == 6)
        #expect(try Tensor.zeros([2, 2]).sum() == 0)
        #expect(try Tensor.ones([3, 4]).sum() == 12)
        #expect(try Tensor.constant(0.5, [4]).scalars == [0.5, 0.5, 0.5, 0.5])
        #expect(try Tensor.linspace(0, 1, count: 5).scalars == [0, 0.25, 0.5, 0.75, 1])
        #expect(try Tensor.arange(6, shape: [2, 3])[1].scalars == [3, 4, 5])
        #expect(try x.reshaped([3, -1]).shape == [3, 2])
    }

    @Test("broadcasting follows NumPy: trailing axes align, size-1 axes stretch")
    func broadcasting() throws {
        let x = try Tensor.arange(6, shape: [2, 1, 3])
        let y = try Tensor(shape: [2, 1], scalars: [10, 20])
        let z = try x + y  // (2,1,3) + (2,1) → (2,2,3)
        #expect(z.shape == [2, 2, 3])
        #expect(z.scalars == [10, 11, 12, 20, 21, 22, 13, 14, 15, 23, 24, 25])
        let perChannel = try Tensor.ones([2, 2, 2, 3]) * Tensor([1, 2, 3])
        #expect(perChannel.scalars.prefix(6) == [1, 2, 3, 1, 2, 3])
        #expect(try (x - Tensor(scalar: 1)).scalars == [-1, 0, 1, 2, 3, 4])
        #expect((2 * x / 2).scalars == x.scalars)
    }

    @Test func reductions() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 5, 3, -4, 2, 0])
        #expect(x.sum() == 7 && x.max() == 5 && x.min() == -4)
        #expect(try x.sum(axis: 0).scalars == [-3, 7, 3])
        #expect(try x.sum(axis: -1, keepDims: true).shape == [2, 1])
        #expect(try x.mean(axis: 1).scalars == [3, -2 / 3])
        #expect(try x.max(axis: 1).scalars == [5, 2])
        #expect(try x.argmax(axis: -1).scalars == [1, 1])
        #expect(try x.argmax(axis: 0).scalars == [0, 0, 0])
        #expect(abs(Tensor([3, 4]).norm() - 5) < 1e-6)
    }

    @Test("matmul through cblas_sgemm, with transposes")
    func matmul() throws {
        let a = try Tensor([[1, 2, 3], [4, 5, 6]])
        let b = try Tensor([[7, 8], [9, 10], [11, 12]])
        #expect(try ResNetKit.matmul(a, b).scalars == [58, 64, 139, 154])
        #expect(try ResNetKit.matmul(a, a, transposeB: true).scalars == [14, 32, 32, 77])
        #expect(try ResNetKit.matmul(a, a, transposeA: true).shape == [3, 3])
        #expect(try a.transposed().scalars == [1, 4, 2, 5, 3, 6])
    }

    @Test("a seed gives the same numbers every time; distributions have the right moments")
    func seededRandom() throws {
        let a = try Tensor.randomNormal([1000], seed: 42), b = try Tensor.randomNormal([1000], seed: 42)
        #expect(a == b)
        #expect(a != (try Tensor.randomNormal([1000], seed: 43)))
        // xoshiro256** seeded by SplitMix64(0): the first two outputs of the reference
        // algorithm (Vigna's C code, transcribed to Python independently of this engine).
        var rng = SeededGenerator(seed: 0)
        #expect(rng.next() == 0x99EC_5F36_CB75_F2B4)
        #expect(rng.next() == 0xBF6E_1F78_4956_452A)
        let big = try Tensor.randomNormal([100_000], mean: 1, stddev: 2, seed: 1)
        #expect(abs(big.mean() - 1) < 0.03)
        let sd = (try (big - Tensor(scalar: big.mean())).squared().mean()).squareRoot()
        #expect(abs(sd - 2) < 0.03)
        let t = try Tensor.truncatedNormal([100_000], stddev: 1, seed: 2)
        #expect(t.max() <= 2 && t.min() >= -2)
        let u = try Tensor.randomUniform([100_000], minval: -1, maxval: 3, seed: 3)
        #expect(u.min() >= -1 && u.max() < 3 && abs(u.mean() - 1) < 0.03)
    }

    @Test("initialisers use Keras's formulas: glorot limit √(6/(fan_in+fan_out)), he σ √(2/fan_in)")
    func initialisers() throws {
        let shape = [3, 3, 16, 32]  // fan_in 144, fan_out 288
        let g = try Initializer.glorotUniform(seed: 0).make(shape)
        let limit = Float((6.0 / 432).squareRoot())
        #expect(g.max() <= limit && g.min() >= -limit && g.max() > 0.95 * limit)
        let h = try Initializer.heNormal(seed: 0).make(shape)
        let sd = (Double(h.squared().mean())).squareRoot()
        #expect(abs(sd - (2.0 / 144).squareRoot()) < 0.01 * (2.0 / 144).squareRoot() * 3)
    }

    @Test(".npy round trip, and NumPy's own files read")
    func npy() throws {
        let x = try Tensor.randomNormal([2, 3, 4], seed: 5)
        let bytes = x.npyData()
        #expect((bytes.count - x.count * 4) % 64 == 0, "header padded to 64 bytes as NumPy does")
        #expect(Array(bytes[0...5]) == [0x93] + Array("NUMPY".utf8))
        #expect(try Tensor.parseNpy(bytes) == x)
        #expect(try Tensor.parseNpy(Tensor(scalar: 2.5).npyData()).shape == [])
        #expect(try Tensor.parseNpy(Tensor([1, 2]).npyData()).shape == [2])
        let fromNumPy = try Tensor.readNpy(path: fixturesRoot.appendingPathComponent("layers/add/x1.npy").path)
        #expect(fromNumPy.shape == [2, 4, 4, 3])
    }
}
