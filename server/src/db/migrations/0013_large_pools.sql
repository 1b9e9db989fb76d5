-- Opening a pool in the densest communes stores some 8,000 recipients in one INSERT…SELECT. Its two foreign keys
-- were checked row by row: a key-share lock on the same request row, then on each user, 8,000 times each, which
-- cost twice the insert itself (measured on the national-scale bench: insert 98 ms, the two checks 114 + 96 ms).
-- The same rules are now checked once per statement, on the set of rows it inserted.
--
-- Users and care requests are never deleted by Relais (an account is blocked, a request is closed). Deleting a
-- user that recipients still name is refused, and deleting a request still takes its recipients with it, as the
-- foreign keys did; both checks are per statement as well (the first one scans the table: no index on user_id
-- alone is kept for a deletion that does not happen, since every index slows the pool's insert).
ALTER TABLE care_request_recipients DROP CONSTRAINT care_request_recipients_request_id_fkey;
ALTER TABLE care_request_recipients DROP CONSTRAINT care_request_recipients_user_id_fkey;

CREATE FUNCTION care_request_recipients_check_refs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A statement inserts the recipients of one request: its id is looked up once, not once per row.
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT request_id FROM inserted) i
             WHERE NOT EXISTS (SELECT 1 FROM care_requests r WHERE r.id = i.request_id)) THEN
    RAISE EXCEPTION 'a recipient names a care request that does not exist'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'care_request_recipients_request_id_fkey';
  END IF;
  IF EXISTS (SELECT 1 FROM inserted i WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i.user_id)) THEN
    RAISE EXCEPTION 'a recipient names a user that does not exist'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'care_request_recipients_user_id_fkey';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER care_request_recipients_refs AFTER INSERT ON care_request_recipients
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION care_request_recipients_check_refs();

-- Who a recipient row names never changes.
CREATE FUNCTION care_request_recipients_fixed_refs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.request_id <> OLD.request_id OR NEW.user_id <> OLD.user_id THEN
    RAISE EXCEPTION 'a recipient row cannot be moved to another request or user';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER care_request_recipients_fixed BEFORE UPDATE OF request_id, user_id ON care_request_recipients
  FOR EACH ROW EXECUTE FUNCTION care_request_recipients_fixed_refs();

CREATE FUNCTION care_request_recipients_user_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM deleted d JOIN care_request_recipients rr ON rr.user_id = d.id) THEN
    RAISE EXCEPTION 'this user is a recipient of care requests'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'care_request_recipients_user_id_fkey';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER users_deleted_recipients AFTER DELETE ON users
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION care_request_recipients_user_deleted();

CREATE FUNCTION care_request_recipients_request_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM care_request_recipients rr USING deleted d WHERE rr.request_id = d.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER care_requests_deleted_recipients AFTER DELETE ON care_requests
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION care_request_recipients_request_deleted();

-- The inbox index took three quarters of that insert: one entry per (user, request) lands on as many scattered
-- leaf pages as there are recipients. Keyed by the user alone, each user's entries are deduplicated into one
-- posting list, the index is several times smaller and a pool's insert dirties far fewer pages. The inbox reads
-- it the same way (my unanswered rows, then their requests).
DROP INDEX care_request_recipients_inbox_idx;
CREATE INDEX care_request_recipients_inbox_idx ON care_request_recipients (user_id) WHERE response IS NULL;
