"""Records a coordinator can trust (issue 14): issuer keys, `certify`, and `verify --issuer`.

The coordinator's flow runs through `course.cli.main` on real files: make a key, publish the
public key, certify a volunteer's handed-in progress file, and check the record. Every way a
record could be false is tried: any edit, a record signed by another key, an expired record,
a progress file that does not show completion (including one that only claims it), a wrong
--issuer, and truncated or garbage records.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exports_support import complete, fixture_course, progress_with, read_lesson, run_cli, save, take_quiz

from course.learning.completion import completion
from course.learning.quiz import regraded
from course.outputs import record as records
from course.outputs.issuer import Published, create_key, load_key, load_published
from course.progress.model import Learner, QuizAttempt, now

TODAY = dt.date.today()


def volunteer(name: str = "Sam Rivera") -> Learner:
    return complete(fixture_course(), Learner(name=name, role="volunteer"))


@pytest.fixture
def coordinator(tmp_path: Path, capsys) -> dict[str, Path]:
    """A coordinator's key (made with `issuer init`), their published public key, and a handed-in progress file."""
    key = tmp_path / "keys" / "issuer-key.toml"
    assert run_cli(capsys, "issuer", "init", "--name", "Riverside Peer Support", "--key", str(key))[0] == 0
    public = tmp_path / "riverside.toml"
    assert run_cli(capsys, "issuer", "export", "--key", str(key), "-o", str(public))[0] == 0
    return {"key": key, "public": public, "progress": save(tmp_path / "sam.toml", progress_with(volunteer())),
            "record": tmp_path / "sam-record.md"}


def certify(capsys, paths: dict[str, Path], *extra: str, progress: Path | None = None) -> tuple[int, str, str]:
    return run_cli(capsys, "certify", str(progress or paths["progress"]), "--key", str(paths["key"]),
                   "-o", str(paths["record"]), *extra)


def certified_text(valid_until: dt.date | None = None, today: dt.date = TODAY, fmt: str = "md", key=None) -> str:
    key = key or _shared_key()
    fields = records.certified_fields(fixture_course(), volunteer(), key.public, valid_until, today)
    return records.render_record(fields, fmt, sign=key.sign)


_KEYS: dict[str, object] = {}


def _shared_key(name: str = "Riverside Peer Support"):
    """One key per name for the whole module (hypothesis runs many examples on it)."""
    if name not in _KEYS:
        import tempfile

        _KEYS[name] = create_key(Path(tempfile.mkdtemp()) / "issuer-key.toml", name)
    return _KEYS[name]


# ------------------------------------------------------------------ the coordinator's flow


def test_a_coordinator_certifies_a_volunteer_and_anyone_checks_it_against_the_published_key(coordinator, capsys):
    code, out, err = certify(capsys, coordinator, "--valid-until", "2099-06-30")
    assert code == 0, err
    assert "Sam Rivera completed Before Your First Visit version 1.0.0" in out and "Valid until 2099-06-30." in out
    text = coordinator["record"].read_text(encoding="utf-8")
    assert stat.S_IMODE(coordinator["record"].stat().st_mode) == 0o600
    assert text.startswith("# Certified completion record\n")
    assert "Before Your First Visit, version 1.0.0, reviewed 1 November 2026" in text
    assert "- Certified by: Riverside Peer Support" in text and "- Valid until: 30 June 2099" in text
    assert f"- Completed on: {records.long_date(TODAY)}" in text
    assert re.search(r"\bKC2(-[0-9A-HJKMNP-TV-Z]{4}){4}\b", text)
    assert "## About this course\n\n- Last reviewed: 1 November 2026" in text  # the course's credits, signed too
    fingerprint = load_key(coordinator["key"]).public.fingerprint
    assert fingerprint in text

    code, out, _ = run_cli(capsys, "verify", str(coordinator["record"]))
    assert code == 0 and out.startswith("Certified and unchanged since it was signed.")
    assert fingerprint in out and "compare that fingerprint" in out
    code, out, _ = run_cli(capsys, "verify", str(coordinator["record"]), "--issuer", str(coordinator["public"]))
    assert code == 0 and "The key is the one you gave (Riverside Peer Support)." in out
    typed = fingerprint.lower().replace("-", " ").replace("1", "l")  # read over the phone, typed loosely
    assert run_cli(capsys, "verify", str(coordinator["record"]), "--issuer", typed)[0] == 0


def test_the_issuer_key_is_private_and_never_replaced_by_accident(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, _ = run_cli(capsys, "issuer", "init", "--name", "  Alex   Coordinator ")
    assert code == 0
    key_file = tmp_path / "data" / "ketamine-course" / "issuer" / "issuer-key.toml"
    assert str(key_file) in out
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(key_file.parent.parent.stat().st_mode) == 0o700
    before = key_file.read_bytes()
    code, _, err = run_cli(capsys, "issuer", "init", "--name", "Someone Else")
    assert code == 1 and "already an issuer key" in err and "--force" in err
    assert key_file.read_bytes() == before
    code, out, _ = run_cli(capsys, "issuer", "show")
    assert code == 0 and "Issuer: Alex Coordinator" in out
    old = load_key(key_file).public.fingerprint
    assert run_cli(capsys, "issuer", "init", "--name", "Alex Coordinator", "--force")[0] == 0
    assert load_key(key_file).public.fingerprint != old
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_without_a_key_certify_says_how_to_make_one_and_writes_nothing(tmp_path: Path, capsys):
    target = tmp_path / "record.md"
    progress = save(tmp_path / "sam.toml", progress_with(volunteer()))
    code, _, err = run_cli(capsys, "certify", str(progress), "--key", str(tmp_path / "none.toml"), "-o", str(target))
    assert code == 1 and "You have no issuer key yet" in err and "issuer init --name" in err
    assert not target.exists()


def test_a_key_others_can_read_or_a_damaged_key_is_not_used(coordinator, capsys):
    key = coordinator["key"]
    key.chmod(0o644)
    code, _, err = certify(capsys, coordinator)
    assert code == 1 and "can be read by other accounts" in err and f"chmod 600 {key}" in err
    key.chmod(0o600)
    key.write_text(key.read_text(encoding="utf-8").replace("MC4CAQAw", "MC4CAQAx"), encoding="utf-8")
    code, _, err = certify(capsys, coordinator)
    assert code == 1 and "damaged" in err and "Traceback" not in err
    assert not coordinator["record"].exists()


# ------------------------------------------------------------------ what is certified: the attempts, not a claim


def test_a_progress_file_that_does_not_show_completion_is_not_certified(coordinator, capsys, tmp_path: Path):
    learner = Learner(name="Pat", role="volunteer")
    read_lesson(fixture_course(), learner, "welcome")
    take_quiz(fixture_course(), learner, "welcome", [True, False])
    progress = save(tmp_path / "pat.toml", progress_with(learner))
    code, _, err = certify(capsys, coordinator, progress=progress)
    assert code == 1 and "does not show the course completed, so there is nothing to certify" in err
    assert "pass the quiz with at least 80% (best so far: 50% after 1 attempt)" in err
    assert "Lesson 2, “Going home”: read it to the end." in err
    assert not coordinator["record"].exists()


def claims_only(learner: Learner) -> Learner:
    """A hand-edited file: every quiz 'passed' with 100%, but no attempt shows it."""
    for record in learner.quizzes.values():
        record.attempts = []
    return learner


def wrong_answers_marked_right(learner: Learner) -> Learner:
    """Attempts edited to say every answer was right, though the answers chosen were wrong."""
    course = fixture_course()
    for module_id, record in learner.quizzes.items():
        module = course.module(module_id)
        record.attempts = [QuizAttempt(at=a.at, questions=a.questions, correct=[True] * len(a.questions), score=100,
                                       passed=True, answers=[sorted(set(range(len(module.question(q).options)))
                                                                    - module.question(q).correct_indexes)
                                                             for q in a.questions])
                           for a in record.attempts]
    return learner


def unknown_questions(learner: Learner) -> Learner:
    for record in learner.quizzes.values():
        record.attempts = [a.model_copy(update={"questions": [f"made-up-{i}" for i in range(len(a.questions))]})
                           for a in record.attempts]
    return learner


def one_question_quiz(learner: Learner) -> Learner:
    """A 'quiz' of a single right answer: fewer questions than a quiz draws."""
    for record in learner.quizzes.values():
        record.attempts = [a.model_copy(update={"questions": a.questions[:1], "answers": a.answers[:1],
                                                "correct": a.correct[:1]}) for a in record.attempts]
    return learner


@pytest.mark.parametrize("forge", [claims_only, wrong_answers_marked_right, unknown_questions, one_question_quiz])
def test_a_file_that_only_claims_completion_is_not_certified(forge, coordinator, capsys, tmp_path: Path):
    learner = forge(volunteer())
    assert completion(fixture_course(), learner).complete  # the stored scores say it is complete …
    progress = save(tmp_path / "claims.toml", progress_with(learner))
    code, _, err = certify(capsys, coordinator, progress=progress)  # … the attempts do not
    assert code == 1 and "nothing to certify" in err and "graded again against version 1.0.0" in err
    assert not coordinator["record"].exists()


def test_completion_from_attempts_grades_each_kept_attempt_again():
    course = fixture_course()
    module = course.module("welcome")
    learner = Learner(name="Sam", role="volunteer")
    take_quiz(course, learner, "welcome", [True, False])
    take_quiz(course, learner, "welcome", [True, True])
    first, second = learner.quizzes["welcome"].attempts
    assert [regraded(module, a, course.quiz_size) for a in (first, second)] == [50, 100]
    status = completion(course, learner, from_attempts=True)
    welcome = status.modules[0]
    assert (welcome.best_score, welcome.attempts, welcome.passed, welcome.passed_at) == (100, 2, True, second.at)
    bad_option = second.model_copy(update={"answers": [[0], [99]]})
    assert regraded(module, bad_option, course.quiz_size) is None
    asked_twice = second.model_copy(update={"questions": [second.questions[0]] * 2})
    assert regraded(module, asked_twice, course.quiz_size) is None


def test_certify_chooses_the_learner_and_needs_a_name(coordinator, capsys, tmp_path: Path):
    both = save(tmp_path / "both.toml", progress_with(volunteer("Sam Rivera"), volunteer("Alex Kim")))
    code, _, err = certify(capsys, coordinator, progress=both)
    assert code == 1 and "holds several learners" in err and "--learner NAME" in err
    code, out, _ = certify(capsys, coordinator, "--learner", "Alex", progress=both)
    assert code == 0 and "Alex Kim completed" in out
    nameless = save(tmp_path / "nameless.toml", progress_with(volunteer("")))
    code, _, err = certify(capsys, coordinator, "--force", progress=nameless)
    assert code == 1 and "has no name" in err


def test_dates_a_coordinator_gets_wrong_are_explained(coordinator, capsys):
    code, _, err = certify(capsys, coordinator, "--valid-until", TODAY.isoformat())
    assert code == 1 and "is not after today" in err
    with pytest.raises(SystemExit):
        certify(capsys, coordinator, "--valid-until", "30/06/2028")
    assert "is not a date like 2027-06-30" in capsys.readouterr().err
    assert not coordinator["record"].exists()


def test_a_completion_dated_in_the_future_is_not_certified(coordinator, capsys, tmp_path: Path):
    learner = volunteer()
    future = now() + dt.timedelta(days=30)
    for lesson in learner.lessons.values():
        lesson.completed = future
    progress = save(tmp_path / "future.toml", progress_with(learner))
    code, _, err = certify(capsys, coordinator, progress=progress)
    assert code == 1 and "which is in the future" in err


def test_a_progress_file_that_cannot_be_read_is_a_plain_message(coordinator, capsys, tmp_path: Path):
    garbage = tmp_path / "garbage.toml"
    garbage.write_bytes(b"\x00\xff not toml [[[")
    for path in (garbage, tmp_path / "missing.toml", tmp_path):
        code, _, err = certify(capsys, coordinator, progress=path)
        assert code == 1 and "cannot be certified" in err and "Traceback" not in err


# ------------------------------------------------------------------ verify finds every false record


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), fmt=st.sampled_from(["md", "html"]))
def test_any_edit_to_a_certified_record_is_detected(data, fmt: str):
    original = certified_text(fmt=fmt)
    at = data.draw(st.integers(0, len(original.rstrip("\n")) - 1))
    replacement = data.draw(st.characters(blacklist_characters=original[at], blacklist_categories=("Cs",)))
    edited = original[:at] + replacement + original[at + 1:]
    assert not records.verify_text(edited).ok


def test_a_forger_who_reseals_the_hashes_is_caught_by_the_signature():
    original = certified_text()
    forged = original.replace("Sam Rivera", "Mallory Forger")
    block = records._BLOCK.search(records._normalised(forged))
    fields = records.CertifiedFields.model_validate_json(block.group("data"))
    old_code = records.verification_code(records.CertifiedFields.model_validate_json(
        records._BLOCK.search(original).group("data")))
    forged = forged.replace(old_code, records.verification_code(fields))
    block = records._BLOCK.search(forged)
    forged = forged.replace(block.group("digest"), records._rest_digest(forged, block))
    result = records.verify_text(forged)
    assert not result.unchanged and not result.ok and result.message.startswith("Not trustworthy")


def test_a_record_signed_by_another_key_is_told_apart(coordinator, capsys, tmp_path: Path):
    mallory = _shared_key("Riverside Peer Support")  # another key that calls itself by the same name
    forged = tmp_path / "forged.md"
    forged.write_text(certified_text(key=mallory), encoding="utf-8")
    code, out, _ = run_cli(capsys, "verify", str(forged))
    assert code == 0 and mallory.public.fingerprint in out  # the signature holds, for Mallory's key …
    code, out, _ = run_cli(capsys, "verify", str(forged), "--issuer", str(coordinator["public"]))
    assert code == 1 and out.startswith("Signed by another key")  # … which is not the coordinator's
    real = load_key(coordinator["key"]).public.fingerprint
    assert run_cli(capsys, "verify", str(forged), "--issuer", real)[0] == 1


def test_an_expired_record_is_genuine_but_not_current(tmp_path: Path, capsys):
    text = certified_text(valid_until=dt.date(2020, 6, 30), today=dt.date(2020, 1, 1))
    result = records.verify_text(text, today=dt.date(2020, 6, 30))
    assert result.ok and "Valid until 30 June 2020." in result.message  # its last day still counts
    result = records.verify_text(text, today=dt.date(2020, 7, 1))
    assert result.unchanged and not result.ok and result.message.startswith("Expired: this record was valid until 30 June 2020")
    path = tmp_path / "old.md"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "verify", str(path))
    assert code == 1 and out.startswith("Expired")


def test_a_wrong_issuer_argument_is_a_plain_message(coordinator, capsys, tmp_path: Path):
    assert certify(capsys, coordinator)[0] == 0
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello", encoding="utf-8")
    damaged = tmp_path / "damaged.toml"
    damaged.write_text(coordinator["public"].read_text(encoding="utf-8").replace('public_key = "', 'public_key = "AA'),
                       encoding="utf-8")
    for named, words in ((not_a_key, "is not a ketamine-course key file"),
                         (damaged, "is not a ketamine-course public key, or it was damaged"),
                         (coordinator["key"], "is not a ketamine-course public key"),
                         (tmp_path / "nowhere", "neither a published key file nor a key fingerprint"),
                         ("ABCD-EFGH", "neither a published key file nor a key fingerprint")):
        code, out, err = run_cli(capsys, "verify", str(coordinator["record"]), "--issuer", str(named))
        assert code == 1 and words in err and "Traceback" not in err, (named, err)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_truncated_and_garbage_records_get_a_plain_message(fmt: str, tmp_path: Path, capsys):
    text = certified_text(fmt=fmt)
    path = tmp_path / f"record.{fmt}"
    for cut in range(0, len(text), max(1, len(text) // 40)):
        path.write_text(text[:cut], encoding="utf-8")
        code, out, err = run_cli(capsys, "verify", str(path))
        assert code == 1 and out.strip() and not err, cut
    path.write_bytes(bytes(range(256)) * 4)
    code, out, _ = run_cli(capsys, "verify", str(path))
    assert code == 1 and "not a text file" in out
    code, out, _ = run_cli(capsys, "verify", "/dev/zero")
    assert code == 1 and "far too large" in out


def test_an_unsigned_record_says_plainly_what_it_does_not_prove(tmp_path: Path, capsys, coordinator):
    path = tmp_path / "plain.md"
    path.write_text(records.record_export(fixture_course(), volunteer()), encoding="utf-8")
    code, out, _ = run_cli(capsys, "verify", str(path))
    assert code == 0 and out.startswith("Unchanged since it was made.")
    assert "It is not signed" in out and "does not prove who made it" in out and "certify" in out
    code, out, _ = run_cli(capsys, "verify", str(path), "--issuer", str(coordinator["public"]))
    assert code == 1 and out.startswith("Not certified")


def test_a_certified_html_record_verifies():
    page = certified_text(fmt="html")
    assert page.startswith("<!DOCTYPE html>") and "Certified completion record" in page
    assert records.verify_text(page, Published(_shared_key().public.fingerprint)).ok


def test_published_key_files_round_trip(coordinator):
    published = load_published(str(coordinator["public"]))
    assert published.key.name == "Riverside Peer Support"
    assert published.fingerprint == load_key(coordinator["key"]).public.fingerprint
    assert stat.S_IMODE(coordinator["public"].stat().st_mode) & 0o044  # public: others may read it


def test_the_record_names_the_path_completed_and_self_checks_are_not_certified(coordinator, capsys, tmp_path: Path):
    facilitator = complete(fixture_course(), Learner(name="Dana", role="facilitator"))
    save(coordinator["progress"], progress_with(facilitator))
    assert certify(capsys, coordinator)[0] == 0
    assert "every one of the lessons for facilitators read to the end" in coordinator["record"].read_text()
    patient = complete(fixture_course(), Learner(name="Robin", role="patient"))
    progress = save(tmp_path / "robin.toml", progress_with(patient))
    code, _, err = certify(capsys, coordinator, "--force", progress=progress)
    assert code == 1 and "takes the quizzes as self-checks" in err


# ------------------------------------------------------------------ what each verdict carries and says
# A coordinator acts on these lines: each is checked whole, with the record's data and code kept
# on every verdict about a genuine record (docs/testing.md: found unchecked by the mutation run).


def test_each_verdict_on_a_genuine_certified_record_says_who_what_and_which_key():
    key, other = _shared_key(), _shared_key("Someone Else")
    text = certified_text(valid_until=dt.date(2099, 6, 30))
    check = records.verify_text(text)
    code = check.code
    assert check.ok and check.unchanged is True and check.fields.learner == "Sam Rivera" and code.startswith("KC2-")
    details = [f"Completion record for Sam Rivera, Before Your First Visit version 1.0.0 (reviewed 1 November 2026), "
               f"completed on {records.long_date(check.fields.completed_on)}. Valid until 30 June 2099.",
               f"Certified by Riverside Peer Support; signed with the issuer key {key.public.fingerprint}. "
               f"Verification code {code}."]
    assert check.message.split("\n") == [
        "Certified and unchanged since it was signed.", *details,
        "Anyone can make a key and call themselves anything: to know who certified it, compare that fingerprint "
        "with the one the coordinator published, or run: ketamine-course verify FILE --issuer THEIR_KEY"]
    named = records.verify_text(text, Published(key.public.fingerprint, key.public))
    assert named.ok and named.message.split("\n")[-1] == "The key is the one you gave (Riverside Peer Support)."
    assert records.verify_text(text, Published(key.public.fingerprint)).message.split("\n")[-1] == (
        "The key is the one you gave.")
    for published, shown in ((Published(other.public.fingerprint, other.public), f"Someone Else, {other.public.fingerprint}"),
                             (Published(other.public.fingerprint), other.public.fingerprint)):
        wrong = records.verify_text(text, published)
        assert (wrong.unchanged, wrong.ok, wrong.fields, wrong.code) == (True, False, check.fields, code)
        assert wrong.message.split("\n") == [
            f"Signed by another key: this record was not signed by the key you gave ({shown}). Do not accept it "
            "as certified by that coordinator.", *details]
    expired = records.verify_text(text, today=dt.date(2099, 7, 1))
    assert (expired.unchanged, expired.ok, expired.fields, expired.code) == (True, False, check.fields, code)
    assert expired.message.split("\n") == [
        "Expired: this record was valid until 30 June 2099. It is genuine, but no longer current: ask for a new one.",
        *details]
    assert records.verify_text(certified_text()).message.split("\n")[1].endswith(". No end date.")


def test_a_broken_signature_is_named_with_the_data_it_claims():
    text = certified_text()
    block = records._BLOCK.search(text)
    signature = block.group("signature")
    broken = records.verify_text(text.replace(signature, ("A" if signature[0] != "A" else "B") + signature[1:]))
    assert broken.unchanged is False and not broken.ok and broken.fields.learner == "Sam Rivera"
    assert broken.code == records.verification_code(broken.fields)
    assert broken.message == ("Not trustworthy: the signature does not match the record. It was changed after it was "
                              "signed, or it was never signed by the key it names. Do not accept it.")
    garbage = records.verify_text(text.replace(signature, "!" * len(signature)))
    assert garbage.unchanged is False and garbage.message.startswith("Not trustworthy")


def test_a_file_that_cannot_be_a_record_is_named_and_never_counts_as_unchanged(tmp_path: Path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)))
    for path, words in ((tmp_path / "nowhere.md", ": there is no such file."),
                        (tmp_path, " is a folder, not a record file."),
                        (binary, " is not a text file, so it is not a completion record (or it was damaged)."),
                        (Path("/dev/zero"), " is far too large to be a completion record (or it never ends, like "
                                            "/dev/zero).")):
        check = records.verify_file(path)
        assert check.unchanged is False and not check.ok and check.message == f"{path}{words}"


def test_a_file_that_cannot_be_read_says_why(tmp_path: Path, monkeypatch):
    path = tmp_path / "record.md"
    path.write_text(certified_text(), encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(records, "read_bounded", refuse)
    check = records.verify_file(path)
    assert check.unchanged is False and not check.ok and check.message == f"{path} could not be read: Permission denied."


def test_a_plain_record_checked_against_a_key_is_unchanged_but_not_certified(coordinator):
    text = records.record_export(fixture_course(), volunteer())
    plain = records.verify_text(text)
    key = load_published(coordinator["public"])
    check = records.verify_text(text, key)
    assert (check.unchanged, check.ok, check.fields, check.code) == (True, False, plain.fields, plain.code)
    unsigned = ("It is not signed: the learner can make it from their own progress file, and anyone with this tool "
                "could make one. It does not prove who made it.")
    lines = plain.message.split("\n")
    assert check.message.split("\n") == [
        "Not certified: this record is unchanged since it was made, but it is not signed, so it was not certified by "
        "the key you gave, nor by anyone.", lines[1], unsigned]
    assert plain.ok is True and lines[2:] == [
        unsigned, "For a record you can trust, ask a coordinator to certify it (ketamine-course help exports)."]


def test_an_answer_one_past_the_last_option_is_not_graded():
    course = fixture_course()
    module = course.module("welcome")
    learner = Learner(name="Sam", role="volunteer")
    take_quiz(course, learner, "welcome", [True, True])
    attempt = learner.quizzes["welcome"].attempts[0]
    options = len(module.question(attempt.questions[1]).options)
    one_past = attempt.model_copy(update={"answers": [attempt.answers[0], [options]]})
    assert regraded(module, attempt, course.quiz_size) == 100 and regraded(module, one_past, course.quiz_size) is None
