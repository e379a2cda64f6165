import Testing
@testable import Lab

@Test func labHasAVersion() { #expect(!labVersion.isEmpty) }
