// The learner's exercises: one file per exercise, shipped as stubs that throw
// "not attempted yet". Each imports only ResNetKit.

import ResNetKit
