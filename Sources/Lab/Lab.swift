// The lab: everything a person sees. The lab language, the REPL and the lessons live here
// and call into ResNetKit; the engine never imports this module.

import ResNetKit

/// The version printed by `resnet-lab --version`.
public let labVersion = "0.1.0"
