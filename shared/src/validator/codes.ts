export type Severity = 'error' | 'warning' | 'info'
/** Whether a finding is about the map (the flow as drawn) or about setting it up to run. */
export type DiagnosticLevel = 'map' | 'run'

interface CodeInfo {
  /**
   * `map`: the flow itself is not whole (a trigger that reaches no end, a decision without its
   * branches, work for people in no lane, a broken id or connection). `run`: something to set up
   * before the workflow can run (connectors, assistants, conditions, forms, schedules, SLAs); never
   * a problem on the map, but deploying still needs it.
   */
  level: DiagnosticLevel
  severity: Severity
  /** What the code means, for the documentation and the editor's help. */
  summary: string
  /** The default advice shown with the diagnostic, for the person fixing the diagram. */
  hint: string
}

/**
 * Every diagnostic the validator can report. Codes are stable: the editor, the CLI and the API
 * match on them, so rename none; add new ones instead.
 */
export const diagnosticCodes = {
  'document.not-json': {
    level: 'map',
    severity: 'error',
    summary: 'The text is not valid JSON.',
    hint: 'Check the place shown for a missing comma, quote or bracket.',
  },
  'document.version': {
    level: 'map',
    severity: 'error',
    summary: 'The document is not an object, or its schemaVersion cannot be read or migrated.',
    hint: 'Open the file in the Conveyor version that wrote it, or export it again.',
  },
  'document.schema': {
    level: 'map',
    severity: 'error',
    summary: 'A field is missing, has the wrong kind of value, or is not part of the workflow format.',
    hint: 'Correct the field shown; the editor lists the values it accepts.',
  },
  'id.duplicate-node': {
    level: 'map',
    severity: 'error',
    summary: 'Two nodes share an id.',
    hint: 'Give each node its own id.',
  },
  'id.duplicate-edge': {
    level: 'map',
    severity: 'error',
    summary: 'Two connections share an id.',
    hint: 'Give each connection its own id.',
  },
  'id.duplicate-lane': {
    level: 'map',
    severity: 'error',
    summary: 'Two lanes share an id.',
    hint: 'Give each lane its own id.',
  },
  'id.duplicate-branch': {
    level: 'map',
    severity: 'error',
    summary: 'Two branches of one decision share an id.',
    hint: 'Give each branch of the decision its own id.',
  },
  'id.duplicate-field': {
    level: 'run',
    severity: 'error',
    summary: 'Two fields of one form share an id.',
    hint: 'Give each field of the form its own id.',
  },
  'edge.missing-source': {
    level: 'map',
    severity: 'error',
    summary: 'A connection starts at a node that does not exist.',
    hint: 'Delete the connection or draw it again from an existing node.',
  },
  'edge.missing-target': {
    level: 'map',
    severity: 'error',
    summary: 'A connection ends at a node that does not exist.',
    hint: 'Delete the connection or draw it again to an existing node.',
  },
  'edge.self-loop': {
    level: 'map',
    severity: 'error',
    summary: 'A connection leads from a node straight back to itself.',
    hint: 'To repeat work, go through a decision that sends the work back to an earlier step.',
  },
  'lane.unknown': {
    level: 'map',
    severity: 'error',
    summary: 'A node is placed in a lane that does not exist.',
    hint: 'Move the node to one of the lanes of this workflow, or add the lane.',
  },
  'lane.missing': {
    level: 'map',
    severity: 'error',
    summary:
      'Work for people (a human or assisted step, a decision made by a person or an assistant) has no lane.',
    hint: 'Put the node in the lane of the role or team who does this work, so it reaches their inbox.',
  },
  'sla.unknown-lane': {
    level: 'run',
    severity: 'error',
    summary: 'An SLA escalates to a lane that does not exist.',
    hint: 'Pick one of the lanes of this workflow to escalate to.',
  },
  'sla.escalation-hides-timeout': {
    level: 'run',
    severity: 'error',
    summary:
      'A step whose SLA escalates to a lane also has a timeout exception: on a breach the escalation wins and the timeout path is not taken.',
    hint: 'Remove the escalation to take the timeout path when the SLA is breached, or remove the timeout exception to escalate and keep the work in place.',
  },
  'trigger.none': {
    level: 'map',
    severity: 'error',
    summary: 'The workflow has no trigger, so nothing can start it.',
    hint: 'Add a trigger: started by hand, by a webhook, on a schedule or by an event.',
  },
  'trigger.has-incoming': {
    level: 'map',
    severity: 'error',
    summary: 'A connection leads into a trigger; triggers only start work.',
    hint: 'Connect the work to the step after the trigger instead.',
  },
  'trigger.invalid-cron': {
    level: 'run',
    severity: 'error',
    summary: 'A schedule trigger has a cron expression that cannot be read.',
    hint: 'Write five fields (minute hour day month weekday), like "0 9 * * 1-5" for 9:00 on weekdays.',
  },
  'trigger.unknown-timezone': {
    level: 'run',
    severity: 'error',
    summary: 'A schedule trigger names a time zone that does not exist.',
    hint: 'Use a time zone name like "Europe/Paris" or "America/New_York".',
  },
  'node.unreachable': {
    level: 'map',
    severity: 'error',
    summary: 'No path from any trigger leads to this node, so it can never run.',
    hint: 'Connect it from the step before it, or delete it.',
  },
  'node.dead-end': {
    level: 'map',
    severity: 'error',
    summary: 'Work that reaches this node has nowhere to go next.',
    hint: 'Connect it to the next step, or to an end.',
  },
  'node.too-many-exits': {
    level: 'map',
    severity: 'error',
    summary: 'A node other than a decision or a fork has more than one way out.',
    hint: 'Use a decision to choose one path, or a fork to do several things at once.',
  },
  'end.has-outgoing': {
    level: 'map',
    severity: 'error',
    summary: 'A connection leaves an end node; work stops at an end.',
    hint: 'Delete the connection, or replace the end by a step.',
  },
  'decision.rule-without-default': {
    level: 'run',
    severity: 'error',
    summary: 'A decision made by rules has no default branch, so work stalls when no rule holds.',
    hint: 'Choose the branch to take when no condition holds.',
  },
  'decision.without-default': {
    level: 'run',
    severity: 'warning',
    summary: 'A decision made by a person or an assistant has no default branch.',
    hint: 'Choose the usual branch, so it can be taken when nobody is sure.',
  },
  'decision.too-few-branches': {
    level: 'map',
    severity: 'error',
    summary: 'A decision has fewer than two branches, so there is nothing to decide.',
    hint: 'Add a branch for each way the work can go, and name it, like "Yes" and "No".',
  },
  'decision.unknown-default': {
    level: 'map',
    severity: 'error',
    summary: "A decision's default branch is not one of its branches.",
    hint: 'Pick the default among the branches of the decision.',
  },
  'decision.branch-without-condition': {
    level: 'run',
    severity: 'error',
    summary: 'A branch of a rule decision has no condition and is not the default, so it is never taken.',
    hint: 'Write the condition for this branch, or make it the default.',
  },
  'decision.unknown-branch-edge': {
    level: 'map',
    severity: 'error',
    summary: 'A connection leaves a decision without belonging to one of its branches.',
    hint: 'Draw the connection from one of the branch handles of the decision.',
  },
  'decision.branch-without-edge': {
    level: 'map',
    severity: 'error',
    summary: 'A branch of a decision leads nowhere.',
    hint: 'Connect the branch to the next step, or delete the branch.',
  },
  'decision.branch-multiple-edges': {
    level: 'map',
    severity: 'error',
    summary: 'One branch of a decision has several connections.',
    hint: 'Keep one connection per branch; to do several things at once, lead the branch to a fork.',
  },
  'expression.invalid': {
    level: 'run',
    severity: 'error',
    summary: 'A condition or data expression cannot be read.',
    hint: 'Check the expression near the position shown; JSONata syntax is documented at jsonata.org.',
  },
  'expression.unknown-field': {
    level: 'run',
    severity: 'warning',
    summary:
      'An expression reads a field that no trigger input, form or step result of the workflow provides, so it is always empty.',
    hint: "Correct the name, or add the field to the trigger's input or to the form of the step that collects it.",
  },
  'exception.not-attached': {
    level: 'map',
    severity: 'error',
    summary: 'An exception is not attached to an existing step.',
    hint: 'Attach the exception to the step whose failure, timeout or rejection it handles.',
  },
  'exception.duplicate': {
    level: 'map',
    severity: 'error',
    summary: 'A step has two exceptions for the same kind of problem.',
    hint: 'Keep one exception per kind of problem (error, timeout, rejection) on each step.',
  },
  'exception.has-incoming': {
    level: 'map',
    severity: 'error',
    summary: 'A connection leads into an exception; exceptions start from the step they are attached to.',
    hint: 'Delete the connection; the exception runs when its step fails, times out or is rejected.',
  },
  'exception.cannot-happen': {
    level: 'run',
    severity: 'warning',
    summary: 'An exception waits for something its step can never do.',
    hint: 'Attach it to a step that can fail this way, or change what it catches.',
  },
  'fork.no-join': {
    level: 'map',
    severity: 'error',
    summary: 'The branches of a fork never meet again at a join.',
    hint: 'Add a join where the parallel work comes together, and connect every branch to it.',
  },
  'fork.branch-without-join': {
    level: 'map',
    severity: 'error',
    summary: 'A branch of a fork never reaches the join, so the join would wait for it forever.',
    hint: 'Connect the end of this branch to the join.',
  },
  'fork.joins-differ': {
    level: 'map',
    severity: 'error',
    summary: 'The branches of a fork end at different joins.',
    hint: 'Bring every branch of the fork to the same join.',
  },
  'fork.branch-crossed': {
    level: 'map',
    severity: 'error',
    summary: 'A node is reached both from inside a parallel branch and from outside it.',
    hint: 'Keep parallel branches apart until they meet at their join; start rework loops after the join.',
  },
  'fork.single-branch': {
    level: 'map',
    severity: 'warning',
    summary: 'A fork has only one branch, so nothing runs in parallel.',
    hint: 'Add a second branch, or remove the fork and its join.',
  },
  'join.single-incoming': {
    level: 'map',
    severity: 'error',
    summary: 'A join has only one connection coming in, so there is nothing to wait for.',
    hint: 'Connect every parallel branch to the join, or remove the fork and the join.',
  },
  'join.without-fork': {
    level: 'map',
    severity: 'error',
    summary: 'A join is not where the branches of any fork meet.',
    hint: 'Connect the branches of a fork to this join, or delete it.',
  },
  'join.shared': {
    level: 'map',
    severity: 'error',
    summary: 'Several forks end at the same join.',
    hint: 'Give each fork its own join; nested parallel work needs its own fork and join.',
  },
  'join.entered-from-outside': {
    level: 'map',
    severity: 'error',
    summary: 'A connection reaches a join from outside the branches of its fork.',
    hint: 'Only the branches of the fork may lead into its join.',
  },
  'step.missing-config': {
    level: 'run',
    severity: 'error',
    summary:
      'A step has no settings for its mode: an automated step needs a connector, an assisted step an assistant.',
    hint: 'Open the step and fill in its settings, or change its mode.',
  },
  'step.assistant-field-unknown': {
    level: 'run',
    severity: 'error',
    summary: "The field an assistant fills in is not in the step's form.",
    hint: 'Pick a field of the form for the assistant to fill in, or add that field.',
  },
  'step.assistant-label-not-option': {
    level: 'run',
    severity: 'error',
    summary:
      "An assistant classifies or recommends into a choice field with labels that are not the field's options, so its answer would be refused.",
    hint: "Make the assistant's labels the options of the field, or add the missing options to the field.",
  },
  'step.assistant-sees-nothing': {
    level: 'run',
    severity: 'error',
    summary:
      "An assistant that classifies or recommends may read none of the item's fields, so it would answer blind.",
    hint: 'Choose the fields the assistant may read; it is given those and nothing else.',
  },
  'step.autonomy-bars-cross': {
    level: 'run',
    severity: 'error',
    summary:
      "An assisted step's demotion bar is not below its promotion bar, or it asks for more overrides than the sampled reviews it counts.",
    hint: 'Set the demotion accuracy below the promotion accuracy, and at most as many overrides as sampled reviews.',
  },
  'step.autonomy-unknown-lane': {
    level: 'run',
    severity: 'error',
    summary: 'An assisted step sends suggestions below its threshold to a lane the workflow does not have.',
    hint: "Pick one of the workflow's lanes, or create the lane.",
  },
  'step.invalid-url': {
    level: 'run',
    severity: 'error',
    summary: 'An automated step calls a URL that is not an absolute http or https address.',
    hint: 'Write the whole address with its scheme and host, like "https://api.example.com/v1/orders"; placeholders like {{…}} may stand only in the path and query.',
  },
  'step.unknown-secret': {
    level: 'run',
    severity: 'error',
    summary: 'An http step references a secret ({{secret:NAME}}) that the runtime does not hold.',
    hint: 'Ask an operator to store it (PUT /api/secrets/NAME or `pnpm conveyor secrets set NAME`), or correct the name.',
  },
  'step.select-without-options': {
    level: 'run',
    severity: 'error',
    summary: 'A choice field in a form has no options to choose from.',
    hint: 'Add the options people can pick.',
  },
  'step.no-fallback': {
    level: 'run',
    severity: 'warning',
    summary:
      'A step that calls an outside service or the assistant names nobody to do its work by hand when that call fails.',
    hint: 'Choose the lane that takes over the work (and, if need be, the form they fill) in an outage or when an operator switches the step to manual.',
  },
  'step.fallback-unknown-lane': {
    level: 'run',
    severity: 'error',
    summary: "A step's manual fallback goes to a lane that does not exist.",
    hint: 'Pick one of the lanes of this workflow to do the work by hand.',
  },
  'node.to-check': {
    level: 'run',
    severity: 'warning',
    summary:
      'A node brought in from another tool (a BPMN file) is not quite what the file said: approximated, or a condition kept as written.',
    hint: 'Read it against the original diagram, change what needs changing, then mark it checked in the inspector.',
  },
  'step.no-facts': {
    level: 'map',
    severity: 'info',
    summary: 'A step has no current-state facts (volume, handling time, wait time…).',
    hint: 'Add what you know about this step today; the simulator and the before/after comparison use it.',
  },
  'loop.no-exit': {
    level: 'map',
    severity: 'error',
    summary: 'Some steps form a loop with no way out, so work would go round forever.',
    hint: 'Add a decision in the loop with a branch that leads onwards.',
  },
  'validator.internal': {
    level: 'map',
    severity: 'error',
    summary: 'The validator itself failed on this document.',
    hint: 'Please report this with the document attached.',
  },
} as const satisfies Record<string, CodeInfo>

export type DiagnosticCode = keyof typeof diagnosticCodes
