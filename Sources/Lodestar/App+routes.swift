import HTTP
import Web

extension App {
    /// The one route table: every URL the application answers and its handler, in one
    /// place. (From the accounts work on, each route also names the permission it needs.)
    static func routes(_ controllers: Controllers) -> Router {
        var router = Router()

        // Operations
        router.get("/healthz", controllers.health.check)

        // Assets under Public/
        router.get("/static/*path", controllers.staticFiles.respond)

        return router
    }
}
