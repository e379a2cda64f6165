// Window geometry shared by convolution and pooling: sizes, strides and TensorFlow's
// padding rule.
//
//   "valid": out = ⌊(in − k) / s⌋ + 1, no padding
//   "same":  out = ⌈in / s⌉, pad_total = max((out − 1)·s + k − in, 0),
//            pad_before = ⌊pad_total / 2⌋, pad_after = the rest — so an even total splits
//            evenly and an odd one puts the extra row at the bottom/right (TensorFlow's split).

/// A pair of sizes (height, width): written `3` for a square or `[1, 2]` for a rectangle.
///
/// ```swift
/// let conv = try Conv2D(filters: 4, kernelSize: [1, 3], strides: 2)
/// ```
public struct Size2: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    public init(integerLiteral value: Int) { self.init(value, value) }

    /// Takes `[h, w]`; any other count makes a size that validation rejects (never a trap).
    public init(arrayLiteral elements: Int...) {
        self.init(elements: elements)
    }

    /// `[h, w]`, or `[n]` for a square; anything else becomes an invalid size (-1, -1).
    public init(elements: [Int]) {
        switch elements.count {
        case 1: self.init(elements[0], elements[0])
        case 2: self.init(elements[0], elements[1])
        default: self.init(-1, -1)
        }
    }

    public var description: String { "(\(height), \(width))" }

    /// Throws a Keras-style "Received kernel_size=(0, 3)" unless both are positive.
    func validate(_ layer: String, _ argument: String) throws {
        guard height > 0, width > 0 else {
            throw ResNetError.argument(
                layer,
                "\(argument) must be positive integers (a number or [height, width]); received \(argument)=\(height < 0 && width < 0 ? "a list that is not [height, width]" : description)"
            )
        }
    }
}

/// Keras's `padding` argument.
///
/// ```swift
/// let conv = try Conv2D(filters: 16, kernelSize: 3, padding: .same)
/// ```
public enum Padding: String, Sendable, Equatable, CaseIterable {
    /// No padding: the window stays inside the input.
    case valid
    /// Pad so that out = ⌈in / stride⌉, splitting as TensorFlow does.
    case same
}

/// One axis of a sliding window: output length and the padding before the first element.
struct WindowAxis: Equatable {
    let input: Int, kernel: Int, stride: Int
    let output: Int, padBefore: Int

    init(input: Int, kernel: Int, stride: Int, padding: Padding) {
        self.input = input
        self.kernel = kernel
        self.stride = stride
        switch padding {
        case .valid:
            output = input >= kernel ? (input - kernel) / stride + 1 : 0
            padBefore = 0
        case .same:
            output = (input + stride - 1) / stride
            padBefore = Swift.max((output - 1) * stride + kernel - input, 0) / 2
        }
    }
}

/// The window geometry of a 2-D convolution or pooling on NHWC input.
struct Window2D {
    let h: WindowAxis, w: WindowAxis

    /// Validates the input against the window and explains an empty output.
    init(layer: String, inputShape s: [Int], kernel: Size2, strides: Size2, padding: Padding) throws {
        guard s.count == 4 else {
            throw ResNetError.shape(layer, "expected 4-D input (N, H, W, C), received shape \(describe(s))")
        }
        h = WindowAxis(input: s[1], kernel: kernel.height, stride: strides.height, padding: padding)
        w = WindowAxis(input: s[2], kernel: kernel.width, stride: strides.width, padding: padding)
        guard h.output > 0, w.output > 0 else {
            throw ResNetError.shape(
                layer,
                "input of spatial size \(s[1])×\(s[2]) is smaller than the window \(kernel.height)×\(kernel.width) with padding \"\(padding.rawValue)\": the output would be empty. Use padding: .same or a larger input"
            )
        }
    }
}
