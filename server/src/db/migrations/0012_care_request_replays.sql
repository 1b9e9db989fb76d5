-- A phone on a poor network sends "Envoyer" again when the first answer got lost: with the same Idempotency-Key
-- the second call answers the request the first one created instead of alerting a whole pool twice.
ALTER TABLE care_requests ADD COLUMN client_key text;
CREATE UNIQUE INDEX care_requests_client_key_idx ON care_requests (declencheur_id, client_key)
  WHERE client_key IS NOT NULL;
-- A request is relaunched once: two taps on "Relancer" make one new request.
CREATE UNIQUE INDEX care_requests_relaunched_from_idx ON care_requests (relaunched_from)
  WHERE relaunched_from IS NOT NULL;
