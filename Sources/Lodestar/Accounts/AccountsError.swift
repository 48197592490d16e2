/// A state of the accounts data the code did not expect (a row gone between two
/// statements, an unknown role key): a bug or a concurrent change, answered with a 500.
struct AccountsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
