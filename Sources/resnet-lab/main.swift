import ArgumentParser
import Lab

print("ResNet Lab \(labVersion)")
