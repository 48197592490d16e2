import Foundation
import Lodestar
import Postgres

/// `lodestar create-admin --email E --org NAME`: the first admin of an organization.
struct CreateAdminCommand: Command {
    let name = "create-admin"
    let summary = "Make an email the admin of an organization (created when new)"
    let usage = """
        Usage: lodestar create-admin --email EMAIL --org NAME

        Creates the organization NAME when it does not exist, puts EMAIL on its whitelist as
        admin (trusted), creates the user with a password and makes them an admin. Safe to
        repeat: an existing user keeps their password and gets (or keeps) the admin
        membership, even if an admin had removed them.

        The password is read from standard input when it is not a terminal (one line), and
        prompted for (without echo, twice) otherwise. It must be at least 12 characters and
        not a common password.

        Database: DATABASE_URL, or the PG* variables.
        """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        let email = try arguments.requiredOption("email")
        let organization = try arguments.requiredOption("org")
        try arguments.finish()
        let password = try PasswordInput.read(prompt: "Password for \(email): ")
        let pool = try AdministrationPool.make(environment)
        defer { pool.close() }
        do {
            for line in try AccountAdministration(pool: pool).createAdmin(email: email, organizationName: organization, password: password) {
                print(line)
            }
        } catch let error as AdministrationError {
            throw CommandError(error.description, status: 1)
        }
        return 0
    }
}

/// `lodestar whitelist add|remove|list`.
struct WhitelistCommand: Command {
    let name = "whitelist"
    let summary = "Add, remove or list the emails and @domains that may sign in to an organization"
    let usage = """
        Usage: lodestar whitelist add EMAIL_OR_@DOMAIN --org NAME [--role ROLE] [--trusted]
               lodestar whitelist remove EMAIL_OR_@DOMAIN --org NAME
               lodestar whitelist list --org NAME

        An entry is an exact address (ann@example.com) or a whole domain (@example.com).
        People matching an entry are invited to the organization with its role (admin,
        manager, analyst or viewer; default viewer): they accept or decline after signing
        in. A @domain entry admits nobody until the organization proves the domain with a
        DNS TXT record (the report and the whitelist page show it). Adding an existing
        entry changes its role. Every change is written to the organization's audit log.

        --trusted  you, the operator, vouch for the entry: a @domain needs no DNS proof,
                   and the very first sign-in of someone whom only trusted entries admit
                   joins directly, without an invitation (single-company installs).
                   Trust stays until the entry is removed.

        Database: DATABASE_URL, or the PG* variables.
        """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        let organization = try arguments.requiredOption("org")
        let role = try arguments.option("role") ?? "viewer"
        guard let action = arguments.positionals.first else { throw CommandError("say add, remove or list") }
        let pool = try AdministrationPool.make(environment)
        defer { pool.close() }
        let administration = AccountAdministration(pool: pool)
        do {
            switch action {
            case "add", "remove":
                let trusted = action == "add" && arguments.flag("trusted")
                try arguments.finish(maxPositionals: 2)
                guard arguments.positionals.count == 2 else { throw CommandError("\(action) needs an email or @domain") }
                let pattern = arguments.positionals[1]
                print(action == "add"
                    ? try administration.addToWhitelist(pattern, organizationName: organization, role: role, trusted: trusted)
                    : try administration.removeFromWhitelist(pattern, organizationName: organization))
            case "list":
                try arguments.finish(maxPositionals: 1)
                let lines = try administration.listWhitelist(organizationName: organization)
                print(lines.isEmpty ? "the whitelist of \(organization) is empty" : lines.joined(separator: "\n"))
            default:
                throw CommandError("unknown action '\(action)'; use add, remove or list")
            }
        } catch let error as AdministrationError {
            throw CommandError(error.description, status: 1)
        }
        return 0
    }
}

/// A small pool for one command's work.
enum AdministrationPool {
    static func make(_ environment: [String: String]) throws -> ConnectionPool {
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration(environment: environment)
        } catch let error as ConfigurationError {
            throw CommandError(error.description)
        }
        return ConnectionPool(configuration: configuration.database.connection, poolConfiguration: PoolConfiguration(size: 1))
    }
}
