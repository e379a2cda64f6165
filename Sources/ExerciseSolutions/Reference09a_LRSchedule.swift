// Reference solution of exercise 9a. A drop-in for Sources/Exercises/Exercise09a_LRSchedule.swift;
// `resnet-lab solution 9a` shows it once your own version passes.
import ResNetKit

public func learningRate(epoch: Int) throws -> Float {
    var lr = 1e-3  // Double, as Python computes it
    if epoch > 180 { lr *= 0.5e-3 } else if epoch > 160 { lr *= 1e-3 } else if epoch > 120 { lr *= 1e-2 } else if epoch > 80 { lr *= 1e-1 }
    return Float(lr)  // Keras stores a float32
}
