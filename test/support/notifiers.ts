/** Notifier texts several tests start from. */

/** A Slack channel in the attachment format (`text`, `color`, `fields`): what the slack-blocks converter converts. */
export const LEGACY_SLACK = `notifier "n" {
    on package.added;
    slack {
        url    = $Secret("s");
        text   = "New $PackageId";
        color  = "good";
        fields = %(Feed: $FeedName);
    }
}
`;
