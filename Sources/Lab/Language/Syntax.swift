// The lab language's syntax tree.

/// An argument in a call: `filters: 64`, or an unlabelled value.
struct Argument {
    let label: String?
    let value: Expr
    let position: SourcePosition
}

indirect enum Expr {
    case integer(Int)
    case float(Double)
    case string(String)
    case bool(Bool)
    case null
    case name(String, SourcePosition)
    case array([Expr], SourcePosition)
    case call(Expr, [Argument], SourcePosition)
    case member(Expr, String, SourcePosition)
    /// `.same`, `.relu`: a case whose type the argument's label decides.
    case implicitMember(String, SourcePosition)
    case index(Expr, Expr, SourcePosition)
    case unary(String, Expr, SourcePosition)
    case binary(String, Expr, Expr, SourcePosition)
    case range(Expr, Expr, closed: Bool, SourcePosition)
    /// `{ epoch, lr in … }`: a closure, kept as its parameters and body.
    case closure([String], Expr, SourcePosition)

    var position: SourcePosition? {
        switch self {
        case .name(_, let p), .array(_, let p), .call(_, _, let p), .member(_, _, let p), .implicitMember(_, let p),
             .index(_, _, let p), .unary(_, _, let p), .binary(_, _, _, let p), .range(_, _, _, let p), .closure(_, _, let p):
            return p
        default: return nil
        }
    }
}

enum Statement {
    case declare(mutable: Bool, name: String, type: String?, value: Expr, SourcePosition)
    /// `let (loss, accuracy) = evaluate(…)`
    case destructure(mutable: Bool, names: [String], value: Expr, SourcePosition)
    case assign(name: String, op: String, value: Expr, SourcePosition)
    case expression(Expr)
}

extension Expr {
    /// Names, members and calls can take a trailing closure; other values cannot.
    var acceptsTrailingClosure: Bool {
        switch self {
        case .name, .member, .call: return true
        default: return false
        }
    }
}
