import Foundation
import Lodestar
import Postgres

/// `lodestar seed-demo`: the demo organization, its sign-in and weeks of campaign data.
struct SeedDemoCommand: Command {
    let name = "seed-demo"
    let summary = "Create the demo organization with campaigns, leads and events (safe to repeat)"
    let usage = """
        Usage: lodestar seed-demo [--password PASSWORD] [--leads N] [--slug-prefix PREFIX]

        Creates the organization "Lodestar Demo" with an admin (demo@lodestar.test) and a
        manager (manager@lodestar.test), both whitelisted; six campaigns (two active, one
        paused, one completed, one draft, one scheduled) with published landing-page forms;
        about N leads (default 5000) with answers, statuses, owners, notes and activity; and
        six weeks of form views and submissions with their daily rollups. Prints the sign-in
        and the landing page addresses (under BASE_URL): /f/PREFIX-... (PREFIX: demo, or
        lowercase letters, digits and single hyphens).

        Safe to repeat: what exists is kept and nothing is duplicated. Both people's
        password is set on every run: to PASSWORD, or to a new random one that is printed.
        Other organizations are never touched: the seed stops if either person is a member
        of one, and leaves out a campaign whose landing page address one of them has.
        Everything is written in one transaction. Run `lodestar migrate` first.

        Database: DATABASE_URL, or the PG* variables.
        """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        var options = DemoSeed.Options()
        options.password = try arguments.option("password")
        if let leads = try arguments.option("leads") {
            guard let count = Int(leads), (1...1_000_000).contains(count) else {
                throw CommandError("--leads must be a number from 1 to 1000000")
            }
            options.leadCount = count
        }
        if let prefix = try arguments.option("slug-prefix") {
            let words = prefix.split(separator: "-", omittingEmptySubsequences: false)
            guard prefix.count <= 40, !words.contains(where: \.isEmpty),
                  prefix.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            else { throw CommandError("--slug-prefix takes lowercase letters and digits, in words joined by single hyphens") }
            options.slugPrefix = prefix
        }
        try arguments.finish()
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration(environment: environment)
        } catch let error as ConfigurationError {
            throw CommandError(error.description)
        }
        let pool = try AdministrationPool.make(environment)
        defer { pool.close() }
        do {
            let report = try DemoSeed(pool: pool, options: options).run()
            print(report.lines(baseURL: configuration.baseURL).joined(separator: "\n"))
        } catch let error as DemoSeedError {
            throw CommandError(error.description, status: 1)
        }
        return 0
    }
}
