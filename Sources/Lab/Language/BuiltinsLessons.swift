// Builtins that lessons need beyond the engine's own API.

import ResNetKit

extension Builtins {
    func registerLessonHelpers() {}
}
