import Foundation
import Mustache

/// The settings sub-navigation: only the pages the role may open.
enum SettingsTabs {
    static func value(_ auth: AuthenticatedContext, current: String) -> MustacheValue {
        let tabs: [(String, String, Permission)] = [
            ("/app/settings/members", "Members", .memberRead),
            ("/app/settings/whitelist", "Whitelist", .whitelistManage),
            ("/app/settings/audit", "Audit log", .auditRead),
            ("/app/settings/jobs", "Jobs", .jobManage),
            ("/app/settings/organization", "Organization", .organizationManage),
        ]
        return .list(tabs.filter { auth.can($0.2) }.map { url, label, _ in
            ["url": .string(url), "label": .string(label), "current": .bool(url == current)]
        })
    }

    static func roleOptions(selected: Role?) -> MustacheValue {
        .list(Role.allCases.reversed().map { role in
            ["value": .string(role.rawValue), "label": .string(role.label), "selected": .bool(role == selected)]
        })
    }

    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return String(formatter.string(from: date).prefix(16))
    }
}
