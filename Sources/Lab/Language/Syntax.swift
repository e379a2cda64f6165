// The lab language's syntax tree: the part of Swift's grammar a learner writes in a
// notebook — declarations, control flow, functions, closures, small structs and enums.

/// An argument in a call: `filters: 64`, an unlabelled value, `&x` for an inout parameter.
struct Argument {
    let label: String?
    let value: Expr
    let position: SourcePosition
    var isTrailingClosure = false
    var isInout = false
}

/// A type as written: `Int`, `[Float]`, `[String: Int]`, `Int?`, `(Int, Int)`, `(Float) -> Float`.
indirect enum TypeRef: CustomStringConvertible {
    case named(String, [TypeRef])
    case array(TypeRef)
    case dictionary(TypeRef, TypeRef)
    case optional(TypeRef)
    case tuple([(label: String?, type: TypeRef)])
    case function([TypeRef], TypeRef, throws: Bool)

    var description: String {
        switch self {
        case .named(let n, let g): return g.isEmpty ? n : "\(n)<\(g.map(\.description).joined(separator: ", "))>"
        case .array(let t): return "[\(t)]"
        case .dictionary(let k, let v): return "[\(k): \(v)]"
        case .optional(let t): return "\(t)?"
        case .tuple(let items): return "(" + items.map { ($0.label.map { $0 + ": " } ?? "") + $0.type.description }.joined(separator: ", ") + ")"
        case .function(let ps, let r, let t): return "(" + ps.map(\.description).joined(separator: ", ") + ")" + (t ? " throws" : "") + " -> \(r)"
        }
    }
}

/// A piece of an interpolated string.
enum InterpolationPart {
    case text(String)
    case expr(Expr)
}

/// `{ (a: Int, b: Int) -> Int in … }`, `{ a, b in … }`, `{ $0 * 2 }`.
struct ClosureExpr {
    /// nil: the closure names none and uses `$0`, `$1`, …
    let parameters: [(name: String, type: TypeRef?)]?
    let body: [Statement]
    let anonymousCount: Int
}

indirect enum Expr {
    case integer(Int)
    case float(Double)
    case string([InterpolationPart], SourcePosition)
    case bool(Bool)
    case null
    case name(String, SourcePosition)
    case array([Expr], SourcePosition)
    case dictionary([(Expr, Expr)], SourcePosition)
    /// `(1, "a")`, `(x: 1, y: 2)`: two or more elements (one in parentheses is just grouping).
    case tuple([(label: String?, value: Expr)], SourcePosition)
    case call(Expr, [Argument], SourcePosition)
    case member(Expr, String, SourcePosition)
    /// `.same`, `.relu`: a case whose type the context decides.
    case implicitMember(String, SourcePosition)
    case subscripted(Expr, [Argument], SourcePosition)
    case unary(String, Expr, SourcePosition)
    /// `x!`
    case forceUnwrap(Expr, SourcePosition)
    /// `x?` inside an optional chain `x?.y`: nil ends the whole chain.
    case optionalBind(Expr, SourcePosition)
    /// The outermost expression of an optional chain: nil if any link was nil.
    case optionalChain(Expr)
    case binary(String, Expr, Expr, SourcePosition)
    case ternary(Expr, Expr, Expr, SourcePosition)
    /// `a..<b`, `a...b`, and the one-sided `a...`, `..<b` of slices.
    case range(Expr?, Expr?, closed: Bool, SourcePosition)
    case closure(ClosureExpr, SourcePosition)
    /// `try`, `try?` (nil on error), `try!`.
    case tryExpr(String, Expr, SourcePosition)
    /// `as`, `as?`, `as!`, `is`
    case cast(Expr, String, TypeRef, SourcePosition)
    /// A type used as a value: `[Int]()`, `[String: Int]()`.
    case typeValue(TypeRef, SourcePosition)
    /// `self` inside a struct's method.
    case selfValue(SourcePosition)

    var position: SourcePosition? {
        switch self {
        case .name(_, let p), .array(_, let p), .dictionary(_, let p), .tuple(_, let p), .call(_, _, let p), .member(_, _, let p),
            .implicitMember(_, let p), .subscripted(_, _, let p), .unary(_, _, let p), .forceUnwrap(_, let p), .optionalBind(_, let p),
            .binary(_, _, _, let p), .ternary(_, _, _, let p), .range(_, _, _, let p), .closure(_, let p), .tryExpr(_, _, let p),
            .cast(_, _, _, let p), .typeValue(_, let p), .selfValue(let p), .string(_, let p):
            return p
        case .optionalChain(let e): return e.position
        default: return nil
        }
    }

    /// Names, members and calls can take a trailing closure; other values cannot.
    var acceptsTrailingClosure: Bool {
        switch self {
        case .name, .member, .call, .typeValue: return true
        default: return false
        }
    }
}

/// What a `case`, a `for`, a `let` or a `catch` matches and binds.
indirect enum Pattern {
    case wildcard
    /// A new name (in `let x`, `for x in`, `case let x`).
    case binding(String)
    case tuple([Pattern])
    /// A value compared with `~=` (ranges) or `==`.
    case expression(Expr)
    /// `.train`, `.some(let x)`, `Phase.train`, `.failed(let code)`
    case enumCase(String, [Pattern]?, SourcePosition)
    /// `x as Int`: matches values of the type.
    case typed(Pattern, TypeRef)
}

/// A condition of `if`, `guard` or `while`.
enum Condition {
    case expression(Expr)
    /// `let x = optional` (or `let x` alone, Swift 5.7's shorthand).
    case optionalBinding(mutable: Bool, name: String, value: Expr, SourcePosition)
    /// `case .some(let x) = value`
    case casePattern(Pattern, Expr, SourcePosition)
}

struct SwitchCase {
    /// Empty for `default:`.
    let patterns: [Pattern]
    let whereClause: Expr?
    let body: [Statement]
    let position: SourcePosition
}

struct CatchClause {
    /// nil: catches everything and binds `error`.
    let pattern: Pattern?
    let whereClause: Expr?
    let body: [Statement]
}

/// A parameter of a `func` or `init`.
struct FunctionParameter {
    let label: String?
    let name: String
    let type: TypeRef
    let defaultValue: Expr?
    let isInout: Bool
    let isVariadic: Bool
}

struct FunctionDecl {
    let name: String
    let parameters: [FunctionParameter]
    let isThrowing: Bool
    let isMutating: Bool
    let isStatic: Bool
    let returnType: TypeRef?
    let body: [Statement]
    let position: SourcePosition

    /// `name(label:_:)`, as Swift names a function.
    var fullName: String { name + "(" + parameters.map { ($0.label ?? "_") + ":" }.joined() + ")" }
}

/// A stored property of a struct: `let name: String`, `var count = 0`.
struct PropertyDecl {
    let name: String
    let mutable: Bool
    let type: TypeRef?
    let initial: Expr?
    /// A computed property `var area: Float { width * height }`.
    let getter: [Statement]?
    let isStatic: Bool
}

struct StructDecl {
    let name: String
    let conformances: [String]
    let properties: [PropertyDecl]
    let methods: [FunctionDecl]
    let initializers: [FunctionDecl]
}

struct EnumDecl {
    let name: String
    let rawType: String?
    let conformances: [String]
    /// Case name, its associated values' labels and types, and its raw value.
    let cases: [(name: String, associated: [(label: String?, type: TypeRef)], raw: Expr?)]
    let methods: [FunctionDecl]
    let properties: [PropertyDecl]
}

indirect enum Statement {
    case expression(Expr)
    /// `let x = 1`, `var (a, b) = t`, `var total: Float = 0`, `var best: Float?`
    case declare(mutable: Bool, pattern: Pattern, type: TypeRef?, value: Expr?, SourcePosition)
    /// `x = v`, `a[i] += 1`, `p.x -= 2`
    case assign(target: Expr, op: String, value: Expr, SourcePosition)
    case function(FunctionDecl)
    case structDecl(StructDecl)
    case enumDecl(EnumDecl)
    case ifStatement([Condition], [Statement], [Statement]?, SourcePosition)
    case guardStatement([Condition], [Statement], SourcePosition)
    case whileLoop(label: String?, [Condition], [Statement], SourcePosition)
    case repeatWhile(label: String?, [Statement], Expr, SourcePosition)
    case forIn(label: String?, Pattern, Expr, whereClause: Expr?, [Statement], SourcePosition)
    case switchStatement(label: String?, Expr, [SwitchCase], SourcePosition)
    case breakStatement(String?, SourcePosition)
    case continueStatement(String?, SourcePosition)
    case fallthroughStatement(SourcePosition)
    case returnStatement(Expr?, SourcePosition)
    case throwStatement(Expr, SourcePosition)
    case doCatch([Statement], [CatchClause], SourcePosition)
    case deferStatement([Statement], SourcePosition)
    /// `{ … }` after `do` with no catch.
    case block([Statement])
    /// `var a = 1, b = 2`: several statements in the current scope.
    case sequence([Statement])
    /// `import ResNetKit`: accepted, as in a Swift file.
    case importModule(String, SourcePosition)
}
