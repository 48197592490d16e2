/// One campaign of the demo organization, as `seed-demo` creates it.
struct DemoCampaign: Sendable {
    /// Prospects' activity on the landing page: from `firstDay` to `lastDay` days ago
    /// (0 is today), about `leads` submissions.
    struct Activity: Sendable {
        let firstDay: Int
        let lastDay: Int
        let leads: Int
        /// Days ago version 2 of the form was published (leads after it use version 2).
        let secondVersionDay: Int?
    }

    /// Appended to the slug prefix: `/f/{prefix}-{slugSuffix}`.
    let slugSuffix: String
    let name: String
    let description: String
    let status: String
    let budget: String?
    /// Start and end relative to today, in days.
    let startsIn: Int?
    let endsIn: Int?
    /// The published versions, oldest first (none for a draft).
    let versions: [FormDefinition]
    /// The form being edited (the latest version, or a starter form for a draft).
    let draft: FormDefinition
    let activity: Activity?
    /// The statuses the campaign went through, in order (each step one the campaign page
    /// allows), recorded in the campaign history.
    let statusPath: [String]
}

extension DemoCampaign {
    /// The six demo campaigns: two active, one paused, one completed, one draft, one scheduled.
    /// `leads` is the total spread over the campaigns with activity.
    static func catalog(leads: Int) -> [DemoCampaign] {
        let share = { (fraction: Double) in max(1, Int((Double(leads) * fraction).rounded())) }
        let webinar = DemoForms.first(
            title: "Spring product webinar: campaigns that convert",
            introduction: "Forty minutes, live, with questions at the end.\n\nSave your seat and we send the link the day before.",
            submitLabel: "Save my seat", thanks: "You are registered! The link arrives the day before the webinar."
        )
        let trial = DemoForms.first(
            title: "Start your enterprise trial",
            introduction: "Thirty days with every feature, and a specialist to set it up with you.",
            submitLabel: "Request my trial", thanks: "Thank you! A specialist will contact you within one working day."
        )
        let newsletter = DemoForms.first(
            title: "The summer newsletter",
            introduction: "One email a month with what works in lead generation. No spam, unsubscribe any time.",
            submitLabel: "Subscribe", thanks: "Subscribed. The next issue is on its way."
        )
        let roadshow = DemoForms.first(
            title: "Autumn roadshow: meet us in your city",
            introduction: "Half a day of talks and workshops, with lunch.",
            submitLabel: "Book my place", thanks: "Booked! We send the venue details a week ahead."
        )
        let holiday = DemoForms.first(
            title: "Holiday launch: be first in line",
            introduction: "Our biggest release of the year. Leave your details and get early access.",
            submitLabel: "Get early access", thanks: "You are on the list."
        )
        return [
            DemoCampaign(
                slugSuffix: "spring-webinar", name: "Spring Product Webinar",
                description: "Live product webinar promoted to the newsletter list and partners.",
                status: "active", budget: "4500.00", startsIn: -42, endsIn: 14,
                versions: [webinar, DemoForms.second(of: webinar)], draft: DemoForms.second(of: webinar),
                activity: Activity(firstDay: 42, lastDay: 0, leads: share(0.40), secondVersionDay: 20),
                statusPath: ["draft", "scheduled", "active"]
            ),
            DemoCampaign(
                slugSuffix: "enterprise-trial", name: "Enterprise Trial Sign-ups",
                description: "Always-on trial requests from paid search and the pricing page.",
                status: "active", budget: "12000.00", startsIn: -35, endsIn: nil,
                versions: [trial], draft: trial,
                activity: Activity(firstDay: 35, lastDay: 0, leads: share(0.30), secondVersionDay: nil),
                statusPath: ["draft", "scheduled", "active"]
            ),
            DemoCampaign(
                slugSuffix: "summer-newsletter", name: "Summer Newsletter",
                description: "Newsletter sign-ups, paused while the content is refreshed.",
                status: "paused", budget: "800.00", startsIn: -40, endsIn: 30,
                versions: [newsletter], draft: newsletter,
                activity: Activity(firstDay: 40, lastDay: 12, leads: share(0.14), secondVersionDay: nil),
                statusPath: ["draft", "scheduled", "active", "paused"]
            ),
            DemoCampaign(
                slugSuffix: "autumn-roadshow", name: "Autumn Roadshow",
                description: "Registrations for the four-city roadshow.",
                status: "completed", budget: "25000.00", startsIn: -42, endsIn: -15,
                versions: [roadshow, DemoForms.second(of: roadshow)], draft: DemoForms.second(of: roadshow),
                activity: Activity(firstDay: 42, lastDay: 15, leads: share(0.16), secondVersionDay: 30),
                statusPath: ["draft", "scheduled", "active", "completed"]
            ),
            DemoCampaign(
                slugSuffix: "partner-referrals", name: "Partner Referral Program",
                description: "Referral form for agency partners; still being written.",
                status: "draft", budget: nil, startsIn: nil, endsIn: nil,
                versions: [], draft: FormDefinition.starter(title: "Refer a client"),
                activity: nil, statusPath: []
            ),
            DemoCampaign(
                slugSuffix: "holiday-launch", name: "Holiday Launch",
                description: "Early-access list for the holiday release; goes live in ten days.",
                status: "scheduled", budget: "6000.00", startsIn: 10, endsIn: 40,
                versions: [holiday], draft: holiday,
                activity: nil, statusPath: ["draft", "scheduled"]
            ),
        ]
    }
}
