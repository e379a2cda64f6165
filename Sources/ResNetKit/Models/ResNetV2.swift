// ResNet v2 for CIFAR (He et al. 2016, identity mappings; seed 003's `resnet_v2`): depth = 9n + 2.
//
//   resnet_layer(16, conv first)
//   3 stages × n pre-activation bottleneck units (filters in 16 → 64, 64 → 128, 128 → 256):
//     BN → ReLU → 1×1 conv (stride)  →  BN → ReLU → 3×3 conv  →  BN → ReLU → 1×1 conv (×4 or ×2)
//     (the very first unit skips that first BN-ReLU; the first unit of each stage projects x
//      with a 1×1 conv); add — no activation after the sum
//   BN → ReLU → AveragePooling2D(8) → Flatten → Dense(classes, softmax, he_normal)

/// Seed 003's ResNet v2 of depth 9n + 2 (29, 56, 110, …), with pre-activation units.
///
/// ```swift
/// let model = try ResNetV2(depth: 56)
/// ```
public func ResNetV2(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    let n = try unitsPerStack(depth: depth, per: 9, message: "depth should be 9n + 2 (eg 56 or 110 in [b])")
    guard classes > 0 else { throw ResNetError(.invalidArgument, "resnet_v2: classes must be positive; received classes=\(classes)") }
    var layers: [Layer] = try resnetLayer(numFilters: 16, convFirst: true)
    var filtersIn = 16
    for stage in 0..<3 {
        for unit in 0..<n {
            var activation: ActivationFunction? = .relu, bn = true, strides = 1
            let filtersOut: Int
            if stage == 0 {
                filtersOut = filtersIn * 4
                if unit == 0 { activation = nil; bn = false }  // first layer and first stage
            } else {
                filtersOut = filtersIn * 2
                if unit == 0 { strides = 2 }  // first layer but not first stage
            }
            let main =
                try resnetLayer(
                    numFilters: filtersIn, kernelSize: 1, strides: strides, activation: activation,
                    batchNormalization: bn, convFirst: false)
                + resnetLayer(numFilters: filtersIn, convFirst: false)
                + resnetLayer(numFilters: filtersOut, kernelSize: 1, convFirst: false)
            let projection =
                unit == 0
                ? try resnetLayer(numFilters: filtersOut, kernelSize: 1, strides: strides, activation: nil, batchNormalization: false)
                : []
            layers.append(
                ResidualBlock(
                    main: main, shortcut: projection, post: nil,
                    name: "stage\(stage + 1)_unit\(unit + 1)", kind: "PreActivationBottleneck"))
        }
        filtersIn = filtersIn * (stage == 0 ? 4 : 2)
    }
    layers += [
        try BatchNormalization(), Activation(.relu), try AveragePooling2D(poolSize: 8), Flatten(),
        try Dense(units: classes, activation: .softmax, kernelInitializer: .heNormal()),
    ]
    return try Model(name: "resnet_v2_\(depth)", inputShape: inputShape, layers: layers)
}
