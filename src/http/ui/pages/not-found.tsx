/** The page of a 404 (also what a user sees for an account that is not theirs: no hint it exists). */
import { type FrameUser, Page } from "../layout.js";

/** 404 page. */
export function NotFoundPage(props: { readonly user?: FrameUser | undefined; readonly csrf?: string | undefined }) {
  return (
    <Page title="Page not found" user={props.user} csrf={props.csrf}>
      <p>There is no such page, or it is not shared with you.</p>
      <p>
        <a href="/">Back to the accounts</a>
      </p>
    </Page>
  );
}
