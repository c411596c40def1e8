-- The delivery log used to keep the system's error text of an attempt that got no answer
-- ("connect ECONNREFUSED 10.0.0.5:5432", TLS library messages, the SSRF guard's "url resolves to
-- <address>"), which told a tenant what listens where. Attempts now record one of "connection
-- failed", "timed out" or "TLS error" (server/services/webhooks/send.ts): old rows are reworded
-- the same way, and so is the last error quoted in a switched-off subscription's reason.
CREATE FUNCTION "pg_temp"."webhook_failure"(detail TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN detail IS NULL OR detail LIKE 'HTTP %'
      OR detail IN ('connection failed', 'timed out', 'TLS error', 'Not sent: the subscription is disabled') THEN detail
    WHEN detail LIKE 'No answer within %' THEN 'timed out'
    WHEN detail ~* '(ssl|tls|certificate|cert_|eproto|self.signed)' THEN 'TLS error'
    ELSE 'connection failed'
  END
$$;

UPDATE "WebhookAttempt" SET "error" = "pg_temp"."webhook_failure"("error")
WHERE "error" IS DISTINCT FROM "pg_temp"."webhook_failure"("error");

UPDATE "WebhookSubscription"
SET "disabledReason" = substring("disabledReason" FROM '^(.*?\(last: )')
  || "pg_temp"."webhook_failure"(substring("disabledReason" FROM '\(last: (.*)\)$')) || ')'
WHERE substring("disabledReason" FROM '\(last: (.*)\)$')
  IS DISTINCT FROM "pg_temp"."webhook_failure"(substring("disabledReason" FROM '\(last: (.*)\)$'));

DROP FUNCTION "pg_temp"."webhook_failure"(TEXT);
