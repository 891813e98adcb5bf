/** Said on a settings page to someone who may read the rules but not change them. */
export function ReadOnlyNotice() {
  return (
    <p className="read-only-notice">
      You can read these settings but not change them: supervisors, managers and admins set them.
    </p>
  );
}
