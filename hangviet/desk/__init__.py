"""The first screen after sign-in: what each person has to do today, gathered from the apps
that own the work. It reads from every domain app and owns no data."""
