/** Where an installation starts: the page with the "Add to Slack" link (share `https://<host>/slack/install`). */
export const INSTALL_PATH = '/slack/install';
/** Where Slack sends the installer back with the code (the manifest's redirect URL). */
export const OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';
