/** The Intacct sandbox console (server-rendered pages at `/console`). */
export { consoleRoutes } from "./console-routes.js";
