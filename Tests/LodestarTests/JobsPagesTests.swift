import Foundation
import HTTP
import Jobs
import Postgres
import Testing
@testable import Lodestar

/// `/app/settings/jobs` and `/app/jobs/{id}`: who sees which jobs, the progress a person can
/// follow (with and without JavaScript), retry and cancel.
@Suite struct JobsPagesTests {
    @Test func anOrganizationsJobsAreInvisibleToAnotherOnItsPagesAndInItsAPI() throws {
        let world = try JobsWorld()
        defer { world.drop() }
        let a = try world.organization()
        let b = try world.organization()
        let theirs = try world.enqueue("contacts.import", organizationID: a.id, requestedBy: a.adminID)
        let ours = try world.enqueue("leads.export", organizationID: b.id, requestedBy: b.adminID)

        let listA = a.admin.get("/app/settings/jobs")
        #expect(listA.status == .ok)
        #expect(listA.text.contains("href=\"/app/jobs/\(theirs)\""))
        #expect(listA.text.contains("contacts.import"))
        #expect(!listA.text.contains("leads.export"))

        let listB = b.admin.get("/app/settings/jobs")
        #expect(listB.text.contains("href=\"/app/jobs/\(ours)\""))
        #expect(!listB.text.contains("contacts.import"))
        #expect(!listB.text.contains("/app/jobs/\(theirs)\""))
        #expect(b.admin.get("/app/jobs/\(theirs)").status == .notFound)
        #expect(b.admin.get("/app/jobs/\(theirs)/status").status == .notFound)
        #expect(b.admin.post("/app/jobs/\(theirs)/cancel", []).status == .notFound)
        #expect(b.admin.post("/app/jobs/\(theirs)/retry", []).status == .notFound)
        #expect(try world.job(theirs).status == .queued)
        #expect(b.admin.get("/app/jobs/not-a-number").status == .notFound)
    }

    @Test func theJobPageShowsProgressWithoutJavaScriptAndTheScriptReadsTheSameAsJSON() throws {
        let world = try JobsWorld()
        defer { world.drop() }
        let a = try world.organization()
        let id = try world.enqueue("contacts.import", organizationID: a.id, requestedBy: a.adminID)
        try world.pool.execute(
            """
            UPDATE jobs SET status = 'running', attempts = 1, started_at = now(), progress_done = 40, progress_total = 200,
                   progress_message = 'Importing rows' WHERE id = \(id)
            """)
        let page = a.admin.get("/app/jobs/\(id)")
        #expect(page.status == .ok)
        #expect(page.text.contains(#"value="40" max="200""#))
        #expect(page.text.contains("20% · 40 of 200 — Importing rows"))
        #expect(page.text.contains(#"<noscript><meta http-equiv="refresh" content="5"></noscript>"#))
        #expect(page.text.contains("/static/jobs.js"))
        #expect(page.text.contains("Cancel job"))

        let status = a.admin.get("/app/jobs/\(id)/status")
        #expect(status.status == .ok)
        #expect(status.headers["Content-Type"] == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.text.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "running")
        #expect(json["done"] as? Int == 40)
        #expect(json["total"] as? Int == 200)
        #expect(json["percent"] as? Int == 20)
        #expect(json["pending"] as? Bool == true)

        try world.pool.execute(
            "UPDATE jobs SET status = 'succeeded', progress_done = 200, finished_at = now() WHERE id = \(id)")
        let done = a.admin.get("/app/jobs/\(id)")
        #expect(done.text.contains(#"value="200" max="200""#))
        #expect(done.text.contains("Succeeded"))
        #expect(!done.text.contains("http-equiv=\"refresh\""))
        #expect(!done.text.contains("Cancel job"))
    }

    @Test func membersWhoAreNotAdminsSeeOnlyTheJobsTheyAskedFor() throws {
        let world = try JobsWorld()
        defer { world.drop() }
        let a = try world.organization()
        let manager = try world.member(of: a.id, role: "manager")
        let own = try world.enqueue("contacts.import", organizationID: a.id, requestedBy: manager.id)
        let adminsJob = try world.enqueue("leads.export", organizationID: a.id, requestedBy: a.adminID)

        #expect(manager.browser.get("/app/settings/jobs").status == .forbidden)
        #expect(manager.browser.get("/app/jobs/\(own)").status == .ok)
        #expect(manager.browser.get("/app/jobs/\(adminsJob)").status == .notFound)
        #expect(!manager.browser.get("/app/settings/members").text.contains("/app/settings/jobs"))
        #expect(a.admin.get("/app/settings/members").text.contains("/app/settings/jobs"))

        // Who asked may cancel; retrying is for admins.
        manager.browser.get("/app/jobs/\(own)")
        let cancelled = manager.browser.post("/app/jobs/\(own)/cancel", [])
        #expect(cancelled.status == .seeOther)
        #expect(cancelled.headers["Location"] == "/app/jobs/\(own)")
        #expect(try world.job(own).status == .cancelled)
        #expect(manager.browser.post("/app/jobs/\(own)/retry", []).status == .forbidden)
    }

    @Test func adminsRetryDeadJobsAndCancelQueuedOnesFromTheList() throws {
        let world = try JobsWorld()
        defer { world.drop() }
        let a = try world.organization()
        let dead = try world.enqueue("contacts.import", organizationID: a.id)
        try world.pool.execute(
            "UPDATE jobs SET status = 'dead', attempts = 5, last_error = 'the file is not UTF-8', finished_at = now() WHERE id = \(dead)")
        let queued = try world.enqueue("leads.export", organizationID: a.id)

        let list = a.admin.get("/app/settings/jobs")
        #expect(list.text.contains("the file is not UTF-8"))
        #expect(list.text.contains("5 of 5"))
        #expect(list.text.contains("action=\"/app/jobs/\(dead)/retry\""))
        #expect(!list.text.contains("action=\"/app/jobs/\(dead)/cancel\""))
        #expect(list.text.contains("action=\"/app/jobs/\(queued)/cancel\""))
        let failed = a.admin.get("/app/settings/jobs?status=failed")
        #expect(failed.text.contains("/app/jobs/\(dead)\""))
        #expect(!failed.text.contains("/app/jobs/\(queued)\""))
        #expect(a.admin.get("/app/settings/jobs?status=exploded").status == .badRequest)

        let retried = a.admin.post("/app/jobs/\(dead)/retry", [("return", "list")])
        #expect(retried.status == .seeOther)
        #expect(retried.headers["Location"] == "/app/settings/jobs")
        let job = try world.job(dead)
        #expect(job.status == .queued)
        #expect(job.attempts == 0)
        #expect(a.admin.get("/app/settings/jobs").text.contains("will run again"))

        #expect(a.admin.post("/app/jobs/\(queued)/cancel", [("return", "list")]).status == .seeOther)
        #expect(try world.job(queued).status == .cancelled)
        let again = a.admin.post("/app/jobs/\(queued)/cancel", [])
        #expect(again.status == .conflict)
        #expect(again.text.contains("cancelled already"))
        #expect(try world.count(
            "SELECT count(*) FROM audit_log WHERE organization_id = \(a.id) AND action IN ('job.retried', 'job.cancelled')") == 2)
    }
}
