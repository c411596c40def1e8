"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { FieldBox, FormError, Hint, Message } from "@/components/ui/field";
import { serverIssues, useTRPC, type ServerFieldIssue } from "@/components/trpc";
import { ACCEPTED_FORMATS_TEXT, MAX_SOUND_BYTES, MAX_SOUND_DURATION_MS, MAX_SPEECH_TEXT_LENGTH } from "@/server/domain/sound";
import { ZResourceName } from "@/server/services/resources/schemas";
import { soundLength } from "./sound-player";
import { recordingToWav } from "./wav";
import { Button } from "@/components/ui/button";
import { Input, Select, Textarea } from "@/components/ui/input";

type AddedSound = { id: string; name: string };
type AddProps = { accountId: string; onAdded(sound: AddedSound): Promise<void> };
type Problems = { fields: Record<string, string>; form: string | null };

const NO_PROBLEMS: Problems = { fields: {}, form: null };

/** Server issues at their fields ("name", "file", "text", "voice"); the rest for the whole form. */
function problemsOf(message: string, issues: ServerFieldIssue[], fields: readonly string[]): Problems {
  const placed = Object.fromEntries(
    issues.filter((issue) => fields.includes(issue.path)).map((issue) => [issue.path, issue.message]),
  );
  const unplaced = issues.find((issue) => !fields.includes(issue.path));
  return { fields: placed, form: unplaced?.message ?? (Object.keys(placed).length === 0 ? message : null) };
}

function nameProblem(name: string): string | null {
  const parsed = ZResourceName.safeParse(name);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Enter a name");
}

/** Sends a file the way a form would (multipart: file, name) to the portal's upload route. */
async function uploadSoundFile(accountId: string, name: string, file: Blob, fileName: string): Promise<AddedSound | Problems> {
  const body = new FormData();
  body.append("name", name);
  body.append("file", file, fileName);
  try {
    const response = await fetch(`/api/accounts/${accountId}/sounds`, { method: "POST", body });
    const json = (await response.json()) as AddedSound | { error: { message: string; issues: ServerFieldIssue[] } };
    if ("error" in json) return problemsOf(json.error.message, json.error.issues, ["name", "file"]);
    return json;
  } catch {
    return { fields: {}, form: "The upload failed: check the connection and try again." };
  }
}

function TextInput({
  label,
  value,
  onChange,
  error,
  name,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  name: string;
}) {
  const id = useId();
  return (
    <FieldBox>
      <label htmlFor={id}>{label}</label>
      <Input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldMessage id={`${id}-error`} name={name} message={error} />
    </FieldBox>
  );
}

function FieldMessage({ id, name, message }: { id: string; name: string; message?: string }) {
  if (!message) return null;
  return (
    <Message id={id} tone="error" data-testid={`error-sound-${name}`}>
      {message}
    </Message>
  );
}

/** The three ways to add a sound: a file, a recording, or typed text (when the server can speak). */
export function AddSound(props: AddProps) {
  return (
    <>
      <UploadSound {...props} />
      <RecordSound {...props} />
      <SpeakSound {...props} />
    </>
  );
}

function UploadSound({ accountId, onAdded }: AddProps) {
  const headingId = useId();
  const fileId = useId();
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const badName = nameProblem(name);
    if (badName) fields.name = badName;
    if (!file) fields.file = "Choose an audio file";
    else if (file.size > MAX_SOUND_BYTES) fields.file = `The file must be at most ${MAX_SOUND_BYTES / (1024 * 1024)} MB`;
    setProblems({ fields, form: null });
    if (Object.keys(fields).length > 0 || !file) return;
    setBusy(true);
    const result = await uploadSoundFile(accountId, name, file, file.name);
    setBusy(false);
    if ("fields" in result) return setProblems(result);
    setName("");
    setFile(null);
    if (fileInput.current) fileInput.current.value = "";
    await onAdded(result);
  }

  return (
    <>
      <h3 id={headingId}>Upload a sound</h3>
      <form
        className="flex flex-wrap items-start gap-3"
        noValidate
        aria-labelledby={headingId}
        onSubmit={(event) => void submit(event)}
      >
        <TextInput label="Name" name="name" value={name} onChange={setName} error={problems.fields.name} />
        <FieldBox>
          <label htmlFor={fileId}>Audio file</label>
          <input
            id={fileId}
            ref={fileInput}
            type="file"
            accept=".wav,.mp3,.ogg,.opus,audio/wav,audio/mpeg,audio/ogg"
            aria-describedby={`${fileId}-hint${problems.fields.file ? ` ${fileId}-error` : ""}`}
            aria-invalid={problems.fields.file ? true : undefined}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <Hint id={`${fileId}-hint`}>
            {ACCEPTED_FORMATS_TEXT}; at most {MAX_SOUND_BYTES / (1024 * 1024)} MB and {soundLength(MAX_SOUND_DURATION_MS)} long.
          </Hint>
          <FieldMessage id={`${fileId}-error`} name="file" message={problems.fields.file} />
        </FieldBox>
        <Button type="submit" className="self-end" disabled={busy}>
          {busy ? "Uploading…" : "Upload sound"}
        </Button>
        <FormError message={problems.form} />
      </form>
    </>
  );
}

type Recorder = { recorder: MediaRecorder; stream: MediaStream; context: AudioContext; frame: number; limit: number };

/** Records from the microphone (MediaRecorder) with a level meter; the take is uploaded like a file. */
function RecordSound({ accountId, onAdded }: AddProps) {
  const headingId = useId();
  const [state, setState] = useState<"idle" | "recording" | "processing" | "ready">("idle");
  const [level, setLevel] = useState(0);
  const [take, setTake] = useState<{ blob: Blob; url: string; fileName: string } | null>(null);
  const [name, setName] = useState("");
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const active = useRef<Recorder | null>(null);

  const release = () => {
    const current = active.current;
    if (!current) return;
    cancelAnimationFrame(current.frame);
    clearTimeout(current.limit);
    for (const track of current.stream.getTracks()) track.stop();
    void current.context.close();
    active.current = null;
    setLevel(0);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on unmount: stop the microphone if still recording.
  useEffect(() => release, []);
  useEffect(() => () => (take ? URL.revokeObjectURL(take.url) : undefined), [take]);

  async function start() {
    setProblems(NO_PROBLEMS);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setProblems({ fields: {}, form: "The microphone is not available: allow this page to use it and try again." });
      return;
    }
    const context = new AudioContext();
    // A context made after an await may start suspended; the meter needs it running.
    void context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    // Ogg/Opus is uploaded as recorded where the browser can make it; anything else becomes WAV.
    const ogg = "audio/ogg;codecs=opus";
    const recorder = new MediaRecorder(stream, MediaRecorder.isTypeSupported(ogg) ? { mimeType: ogg } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = async () => {
      release();
      setState("processing");
      const recorded = new Blob(chunks, { type: recorder.mimeType });
      try {
        const isOgg = recorder.mimeType.startsWith("audio/ogg");
        const blob = isOgg ? recorded : await recordingToWav(recorded);
        setTake({ blob, url: URL.createObjectURL(blob), fileName: isOgg ? "recording.ogg" : "recording.wav" });
        setState("ready");
      } catch {
        setProblems({ fields: {}, form: "The recording could not be read: record again." });
        setState("idle");
      }
    };
    const current: Recorder = { recorder, stream, context, frame: 0, limit: 0 };
    const meter = () => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length);
      setLevel(Math.min(1, rms * 4));
      current.frame = requestAnimationFrame(meter);
    };
    current.frame = requestAnimationFrame(meter);
    current.limit = window.setTimeout(() => recorder.stop(), MAX_SOUND_DURATION_MS);
    active.current = current;
    recorder.start(1000);
    setTake(null);
    setState("recording");
  }

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!take) return;
    const badName = nameProblem(name);
    if (badName) return setProblems({ fields: { name: badName }, form: null });
    setBusy(true);
    const result = await uploadSoundFile(accountId, name, take.blob, take.fileName);
    setBusy(false);
    if ("fields" in result) return setProblems(result);
    setName("");
    setTake(null);
    setState("idle");
    await onAdded(result);
  }

  return (
    <>
      <h3 id={headingId}>Record a sound</h3>
      <fieldset className="flex flex-col gap-3 m-0 border-0 p-0" aria-labelledby={headingId}>
        <div className="flex flex-wrap items-end gap-2">
          {state === "recording" ? (
            <Button type="button" variant="danger" onClick={() => active.current?.recorder.stop()}>
              Stop recording
            </Button>
          ) : (
            <Button type="button" variant="secondary" disabled={state === "processing"} onClick={() => void start()}>
              {take ? "Record again" : "Start recording"}
            </Button>
          )}
          <label className="flex flex-wrap items-end gap-2">
            Level
            <meter min={0} max={1} low={0.1} high={0.8} optimum={0.5} value={level} data-testid="recording-level" />
          </label>
          {state === "processing" ? <span className="text-xs text-muted">Preparing the recording…</span> : null}
        </div>
        {take ? (
          <form
            className="flex flex-wrap items-start gap-3"
            noValidate
            aria-label="Upload the recording"
            onSubmit={(event) => void upload(event)}
          >
            <audio controls src={take.url} aria-label="Play the recording" />
            <TextInput label="Recording name" name="name" value={name} onChange={setName} error={problems.fields.name} />
            <Button type="submit" className="self-end" disabled={busy}>
              {busy ? "Uploading…" : "Upload recording"}
            </Button>
          </form>
        ) : null}
        <FieldMessage id={`${headingId}-file`} name="recording" message={problems.fields.file} />
        <FormError message={problems.form} />
      </fieldset>
    </>
  );
}

/** Text to speech; absent when the server has no speech engine. */
function SpeakSound({ accountId, onAdded }: AddProps) {
  const trpc = useTRPC();
  const headingId = useId();
  const textId = useId();
  const voiceId = useId();
  const voices = useQuery(trpc.resources.sounds.voices.queryOptions());
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [voice, setVoice] = useState("");
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const speak = useMutation(trpc.resources.sounds.speak.mutationOptions());
  if (!voices.data || voices.data.length === 0) return null;
  const chosenVoice = voice || voices.data[0]!.id;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const badName = nameProblem(name);
    if (badName) fields.name = badName;
    if (!text.trim()) fields.text = "Enter the text to speak";
    setProblems({ fields, form: null });
    if (Object.keys(fields).length > 0) return;
    try {
      const sound = await speak.mutateAsync({ accountId, name, text, voice: chosenVoice });
      setName("");
      setText("");
      await onAdded(sound);
    } catch (error) {
      const { message, issues } = serverIssues(error);
      setProblems(problemsOf(message, issues, ["name", "text", "voice"]));
    }
  }

  return (
    <>
      <h3 id={headingId}>Speak a sound from text</h3>
      <form
        className="flex flex-col gap-3 max-w-md"
        noValidate
        aria-labelledby={headingId}
        onSubmit={(event) => void submit(event)}
      >
        <div className="flex flex-wrap items-start gap-3">
          <TextInput label="Spoken sound name" name="name" value={name} onChange={setName} error={problems.fields.name} />
          <FieldBox>
            <label htmlFor={voiceId}>Voice</label>
            <Select id={voiceId} value={chosenVoice} onChange={(event) => setVoice(event.target.value)}>
              {voices.data.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </Select>
            <FieldMessage id={`${voiceId}-error`} name="voice" message={problems.fields.voice} />
          </FieldBox>
        </div>
        <FieldBox>
          <label htmlFor={textId}>Text to speak</label>
          <Textarea
            id={textId}
            rows={3}
            maxLength={MAX_SPEECH_TEXT_LENGTH}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={problems.fields.text ? true : undefined}
            aria-describedby={problems.fields.text ? `${textId}-error` : undefined}
            placeholder="Welcome. Press 1 for sales, 2 for support."
          />
          <FieldMessage id={`${textId}-error`} name="text" message={problems.fields.text} />
        </FieldBox>
        <div className="flex flex-wrap items-end gap-2">
          <Button type="submit" disabled={speak.isPending}>
            {speak.isPending ? "Speaking…" : "Create spoken sound"}
          </Button>
        </div>
        <FormError message={problems.form} />
      </form>
    </>
  );
}
