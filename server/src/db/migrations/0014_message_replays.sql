-- A message sent again with the same Idempotency-Key (the answer to the first send got lost on a poor network)
-- answers the message the first send stored, instead of posting it twice in the thread.
ALTER TABLE messages ADD COLUMN client_key text;
CREATE UNIQUE INDEX messages_client_key_idx ON messages (author_id, client_key) WHERE client_key IS NOT NULL;
