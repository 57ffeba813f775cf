import { useEffect, useId, useMemo, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { api, describeError, unwrap } from "../api/client";
import { MAX_RESUME_BYTES, RESUME_TYPES } from "../api/files";
import type { Catalog, DetectedSkills, InterviewType, Preferences, Seniority } from "../api/types";
import { MicCheck } from "../components/MicCheck";
import { Alert, Spinner } from "../components/ui";
import { titleCase } from "../lib/format";
import { usePage } from "../lib/hooks";
import { getAnswerMode, setAnswerMode, type AnswerMode } from "../lib/prefs";

const MAX_TOPICS = 12;
const MAX_QUESTIONS = 15;
const MINUTES_PER_QUESTION = 2.5;
const CUSTOM = 0;

function Choice<T extends string | number>({
  legend,
  name,
  options,
  value,
  onChange,
  label = (v) => titleCase(String(v)),
  hint,
}: {
  legend: string;
  name: string;
  options: T[];
  value: T;
  onChange: (v: T) => void;
  label?: (v: T) => string;
  hint?: (v: T) => string;
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <div className="segmented">
        {options.map((option) => (
          <label key={String(option)} className={option === value ? "selected" : undefined}>
            <input type="radio" name={name} value={String(option)} checked={option === value} onChange={() => onChange(option)} />
            <span>{label(option)}</span>
            {hint ? <span className="hint">{hint(option)}</span> : null}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function NewInterview() {
  const heading = usePage("New interview");
  const navigate = useNavigate();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [role, setRole] = useState("Backend engineer");
  const [seniority, setSeniority] = useState<Seniority>("mid");
  const [type, setType] = useState<InterviewType>("technical");
  const [topics, setTopics] = useState<string[]>([]);
  const [customTopic, setCustomTopic] = useState("");
  const [filter, setFilter] = useState("");
  const [length, setLength] = useState(5);
  const [customLength, setCustomLength] = useState(3);
  const [jobDescription, setJobDescription] = useState("");
  const [resume, setResume] = useState<File | null>(null);
  const [detected, setDetected] = useState<DetectedSkills | null>(null);
  const [accepted, setAccepted] = useState<string[]>([]);
  const [detecting, setDetecting] = useState(false);
  const [rate, setRate] = useState(1);
  const [patience, setPatience] = useState(2.5);
  const [mode, setMode] = useState<AnswerMode>(getAnswerMode);
  const [error, setError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const jdId = useId();
  const resumeId = useId();
  const rateId = useId();
  const patienceId = useId();
  const filterId = useId();
  const customId = useId();
  const lengthId = useId();

  useEffect(() => {
    let live = true;
    unwrap(api.GET("/api/v1/catalog"))
      .then((c) => {
        if (!live) return;
        setCatalog(c);
        if (c.lengths[0] !== undefined && !c.lengths.includes(5)) setLength(c.lengths[0]);
      })
      .catch((err) => live && setError(describeError(err)));
    unwrap(api.GET("/api/v1/me/preferences"))
      .then((p) => {
        if (!live) return;
        setPreferences(p);
        setRate(p.speech_rate);
        setPatience(p.end_of_turn_silence_s);
      })
      .catch(() => undefined); // defaults are fine
    return () => {
      live = false;
    };
  }, []);

  const topicName = (id: string) => catalog?.topics.find((t) => t.id === id)?.name ?? id.replace(/[-_]+/g, " ");

  const grouped = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const groups = new Map<string, Catalog["topics"]>();
    for (const topic of catalog?.topics ?? []) {
      if (needle && !topic.name.toLowerCase().includes(needle) && !topic.id.includes(needle)) continue;
      groups.set(topic.category, [...(groups.get(topic.category) ?? []), topic]);
    }
    return [...groups.entries()];
  }, [catalog, filter]);

  function toggleTopic(id: string) {
    setTopics((current) =>
      current.includes(id) ? current.filter((t) => t !== id) : current.length >= MAX_TOPICS ? current : [...current, id],
    );
  }

  function addCustom() {
    const slug = customTopic.trim().toLowerCase();
    if (!slug) return;
    if (!topics.includes(slug) && topics.length < MAX_TOPICS) setTopics([...topics, slug]);
    setCustomTopic("");
  }

  function pickResume(file: File | null) {
    setFileError(null);
    setDetected(null);
    if (!file) return setResume(null);
    const ext = file.name.slice(file.name.lastIndexOf(".")).toLowerCase();
    if (!RESUME_TYPES.includes(ext)) {
      setResume(null);
      return setFileError("Choose a PDF, DOCX or TXT file.");
    }
    if (file.size > MAX_RESUME_BYTES) {
      setResume(null);
      return setFileError("The file is larger than 5 MB.");
    }
    setResume(file);
  }

  async function detect() {
    setDetecting(true);
    setError(null);
    try {
      const result = await unwrap(
        api.POST("/api/v1/profile/skills", {
          body: { job_description: jobDescription.trim() || null, resume: null },
          bodySerializer: () => {
            const form = new FormData();
            if (jobDescription.trim()) form.set("job_description", jobDescription.trim());
            if (resume) form.set("resume", resume, resume.name);
            return form;
          },
        }),
      );
      setDetected(result);
      setAccepted(result.topics);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setDetecting(false);
    }
  }

  function useDetected() {
    setTopics((current) => [...new Set([...current, ...accepted])].slice(0, MAX_TOPICS));
  }

  const questionCount = length === CUSTOM ? customLength : length;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (role.trim().length < 2) {
      setError("Enter the role you're interviewing for.");
      document.getElementById(roleId)?.focus();
      return;
    }
    if (!Number.isInteger(questionCount) || questionCount < 1 || questionCount > MAX_QUESTIONS) {
      setError(`Choose between 1 and ${MAX_QUESTIONS} questions.`);
      document.getElementById(lengthId)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (preferences && (preferences.speech_rate !== rate || preferences.end_of_turn_silence_s !== patience)) {
        await unwrap(
          api.PUT("/api/v1/me/preferences", {
            body: { voice: preferences.voice ?? null, speech_rate: rate, end_of_turn_silence_s: patience },
          }),
        );
      }
      const interview = await unwrap(
        api.POST("/api/v1/interviews", {
          body: {
            role: role.trim(),
            seniority,
            interview_type: type,
            topics,
            question_count: questionCount,
            job_description: jobDescription.trim() || null,
            resume_id: detected?.resume_id ?? null,
            speech_rate: rate,
          },
        }),
      );
      setAnswerMode(mode);
      navigate(`/interviews/${interview.id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  if (!catalog) {
    return (
      <div className="page narrow-wide">
        <h1 ref={heading} tabIndex={-1}>
          New interview
        </h1>
        {error ? <Alert>{error}</Alert> : <Spinner label="Loading topics…" />}
      </div>
    );
  }

  return (
    <div className="page narrow-wide">
      <h1 ref={heading} tabIndex={-1}>
        New interview
      </h1>
      <form onSubmit={submit} className="stack" noValidate>
        {error ? <Alert>{error}</Alert> : null}
        <section className="card" aria-labelledby="basics-h">
          <h2 id="basics-h">The interview</h2>
          <div className="field">
            <label htmlFor={roleId}>Role</label>
            <input id={roleId} value={role} onChange={(e) => setRole(e.target.value)} list={`${roleId}-presets`} maxLength={120} required />
            <datalist id={`${roleId}-presets`}>
              {catalog.roles.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
            <div className="chips" role="group" aria-label="Role presets">
              {catalog.roles.map((r) => (
                <button key={r} type="button" className={`chip${r === role ? " selected" : ""}`} aria-pressed={r === role} onClick={() => setRole(r)}>
                  {r}
                </button>
              ))}
            </div>
          </div>
          <Choice legend="Seniority" name="seniority" options={catalog.seniorities} value={seniority} onChange={setSeniority} />
          <Choice legend="Interview type" name="type" options={catalog.interview_types} value={type} onChange={setType} />
          <Choice
            legend="Length"
            name="length"
            options={[...catalog.lengths, CUSTOM]}
            value={length}
            onChange={setLength}
            label={(n) => (n === CUSTOM ? "Custom" : `${n} questions`)}
            hint={(n) => (n === CUSTOM ? "1 to 15" : `about ${Math.round(n * MINUTES_PER_QUESTION)} min`)}
          />
          {length === CUSTOM ? (
            <div className="field inline">
              <label htmlFor={lengthId}>Number of questions</label>
              <input
                id={lengthId}
                type="number"
                min={1}
                max={MAX_QUESTIONS}
                value={customLength}
                onChange={(e) => setCustomLength(Number(e.target.value))}
                className="short"
              />
            </div>
          ) : null}
        </section>

        <section className="card" aria-labelledby="topics-h">
          <h2 id="topics-h">Topics</h2>
          <p className="muted small" id="topics-help">
            Pick up to {MAX_TOPICS}, or none for a mix that suits the role. {topics.length} selected.
          </p>
          {topics.length ? (
            <ul className="chips" aria-label="Selected topics">
              {topics.map((t) => (
                <li key={t}>
                  <button type="button" className="chip selected" onClick={() => toggleTopic(t)}>
                    {topicName(t)} <span aria-hidden="true">×</span>
                    <span className="visually-hidden">, remove</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="field">
            <label htmlFor={filterId}>Find a topic</label>
            <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} aria-describedby="topics-help" />
          </div>
          <div className="topic-groups">
            {grouped.map(([category, items]) => (
              <fieldset key={category} className="topic-group">
                <legend>{titleCase(category)}</legend>
                {items.map((topic) => (
                  <label key={topic.id} className="check">
                    <input
                      type="checkbox"
                      checked={topics.includes(topic.id)}
                      disabled={!topics.includes(topic.id) && topics.length >= MAX_TOPICS}
                      onChange={() => toggleTopic(topic.id)}
                    />
                    {topic.name}
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
          <div className="field inline">
            <label htmlFor={customId}>Another topic</label>
            <input
              id={customId}
              value={customTopic}
              onChange={(e) => setCustomTopic(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addCustom();
                }
              }}
              maxLength={60}
            />
            <button type="button" className="button ghost small" onClick={addCustom}>
              Add
            </button>
          </div>
        </section>

        <section className="card" aria-labelledby="focus-h">
          <h2 id="focus-h">
            Tailor it <span className="muted small">(optional)</span>
          </h2>
          <div className="field">
            <label htmlFor={jdId}>Job description</label>
            <textarea id={jdId} rows={5} value={jobDescription} onChange={(e) => setJobDescription(e.target.value)} maxLength={20000} />
          </div>
          <div className="field">
            <label htmlFor={resumeId}>Résumé (PDF, DOCX or TXT, up to 5 MB)</label>
            <input
              id={resumeId}
              type="file"
              accept={RESUME_TYPES.join(",")}
              onChange={(e) => pickResume(e.target.files?.[0] ?? null)}
              aria-describedby={fileError ? `${resumeId}-error` : undefined}
            />
            {fileError ? (
              <p id={`${resumeId}-error`} className="field-error">
                {fileError}
              </p>
            ) : null}
          </div>
          <button type="button" className="button ghost" onClick={detect} disabled={detecting || (!resume && !jobDescription.trim())}>
            {detecting ? "Reading…" : "Find my skills and topics"}
          </button>
          {detected ? (
            <div className="detected" aria-live="polite">
              <h3>What we found</h3>
              {detected.skills.length === 0 ? <p className="muted">No skills recognised.</p> : null}
              <ul className="skills">
                {detected.skills.map((s) => (
                  <li key={`${s.skill}-${s.topic}`}>
                    <strong>{s.name}</strong> <span className="muted small">({topicName(s.topic)})</span>
                    {s.evidence ? <q className="evidence">{s.evidence}</q> : null}
                  </li>
                ))}
              </ul>
              {detected.topics.length ? (
                <fieldset className="field">
                  <legend>Topics to practise</legend>
                  {detected.topics.map((t) => (
                    <label key={t} className="check">
                      <input
                        type="checkbox"
                        checked={accepted.includes(t)}
                        onChange={() => setAccepted((a) => (a.includes(t) ? a.filter((x) => x !== t) : [...a, t]))}
                      />
                      {topicName(t)}
                    </label>
                  ))}
                  <div>
                    <button type="button" className="button small" onClick={useDetected} disabled={!accepted.length}>
                      Use these topics
                    </button>
                  </div>
                </fieldset>
              ) : null}
              {detected.resume_id ? <p className="small muted">Your résumé will also shape the questions.</p> : null}
            </div>
          ) : null}
        </section>

        <section className="card" aria-labelledby="voice-h">
          <h2 id="voice-h">Voice and microphone</h2>
          <Choice
            legend="How will you answer?"
            name="mode"
            options={["voice", "text"] as AnswerMode[]}
            value={mode}
            onChange={setMode}
            label={(m) => (m === "voice" ? "Speaking" : "Typing")}
          />
          <div className="grid-2 tight">
            <div className="field">
              <label htmlFor={rateId}>Interviewer's speaking speed: {rate.toFixed(2)}×</label>
              <input
                id={rateId}
                type="range"
                min={0.75}
                max={1.5}
                step={0.05}
                value={rate}
                onChange={(e) => setRate(Number(e.target.value))}
                aria-valuetext={`${rate.toFixed(2)} times normal speed`}
              />
            </div>
            <div className="field">
              <label htmlFor={patienceId}>Wait after you stop talking: {patience.toFixed(1)} s</label>
              <input
                id={patienceId}
                type="range"
                min={1.5}
                max={6}
                step={0.5}
                value={patience}
                onChange={(e) => setPatience(Number(e.target.value))}
                aria-valuetext={`${patience.toFixed(1)} seconds`}
              />
            </div>
          </div>
          <MicCheck
            onResult={(ok) => {
              if (!ok) setMode("text");
            }}
          />
        </section>

        <div className="actions sticky-actions">
          <button type="submit" className="button large" disabled={busy}>
            {busy ? "Preparing your interview…" : `Start interview (${questionCount} question${questionCount === 1 ? "" : "s"})`}
          </button>
        </div>
      </form>
    </div>
  );
}
