"use client";

const TABS = ["Modules", "JSON", "History", "Test call"] as const;
export type Tab = (typeof TABS)[number];

/** The editor's views; the chosen one's panel is `panel-<name>`, labelled by its tab. */
export function EditorTabs({ tab, onChange }: { tab: Tab; onChange: (tab: Tab) => void }) {
  return (
    <div role="tablist" aria-label="Editor views" className="tabs">
      {TABS.map((name) => (
        <button
          key={name}
          type="button"
          role="tab"
          id={`tab-${name}`}
          aria-selected={tab === name}
          aria-controls={`panel-${name}`}
          className={tab === name ? "tab tab-active" : "tab"}
          onClick={() => onChange(name)}
        >
          {name}
        </button>
      ))}
    </div>
  );
}
