"""The district view (区依法治区办): a district's streets compared by their figures, never their
records."""
