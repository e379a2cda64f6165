// Printing: the run's header, plain-text tables, numbers to 3 significant digits.

import Foundation
import ResNetKit

/// `x` to 3 significant digits, without exponents: 0.0123, 1.23, 12.3, 123, 1230.
func sig3(_ x: Double) -> String {
    guard x.isFinite else { return "–" }
    if x == 0 { return "0" }
    let magnitude = Int(floor(log10(abs(x))))
    if magnitude >= 2 {
        let unit = pow(10, Double(magnitude - 2))
        return String(format: "%.0f", (x / unit).rounded() * unit)
    }
    let decimals = 2 - magnitude
    let s = String(format: "%.\(decimals)f", x)
    // Rounding can add a digit (9.996 → "10.00"): redo with one decimal fewer.
    return s.filter(\.isNumber).drop(while: { $0 == "0" }).count > 3 ? String(format: "%.\(decimals - 1)f", x) : s
}

/// Bytes as MiB or GiB, 3 significant digits.
func sizeString(_ bytes: Int) -> String {
    let mib = Double(bytes) / 1_048_576
    return mib >= 1024 ? "\(sig3(mib / 1024)) GiB" : "\(sig3(mib)) MiB"
}

/// The lines every benchmark starts with: what ran, where and when.
func printHeader(_ title: String) {
    let date = ISO8601DateFormatter.string(
        from: Date(), timeZone: .current,
        formatOptions: [.withInternetDateTime, .withSpaceBetweenDateAndTime])
    print(title)
    print("  date      \(date)")
    print("  cores     \(Parallel.cores)")
    print("  OpenBLAS  \(openBLASConfig())")
    if BLAS.kernelsHeldBack {
        print("  note      OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "") holds OpenBLAS to its AVX2 kernels on this AVX-512 CPU;")
        print("            unset it (OpenBLAS then picks its AVX-512 kernels) for about twice the GEMM speed.")
    }
    print("")
}

/// A plain-text table: the first column left-aligned, the others right-aligned.
struct Table {
    var header: [[String]]
    var rows: [[String]] = []

    init(_ header: [String]...) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// Adds a rule (a line of dashes) before the next row.
    mutating func rule() { rows.append([]) }

    func render(indent: String = "  ") -> String {
        let all = header + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], cell.count) } }
        let ruleLine = indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        func line(_ row: [String]) -> String {
            if row.isEmpty { return ruleLine }
            let cells = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }
            var text = indent + cells.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return (header.map(line) + [ruleLine] + rows.map(line)).joined(separator: "\n")
    }
}
