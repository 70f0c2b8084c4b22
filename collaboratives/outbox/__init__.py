"""The IT's outbox: e-mail notifications of this collaborative whose delivery failed, and resend."""
