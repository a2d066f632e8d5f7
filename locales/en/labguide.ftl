# labguide: English interface strings.

## Header and chrome
step-of = Step { $current }/{ $total }
backend-sim = Simulated AWS (x{ $speed })
backend-aws = AWS { $account } { $region }
backend-aws-connecting = AWS { $region } (connecting)
backend-aws-failed = AWS { $region } (not connected)
badge-backing-off = [AWS busy: backing off]
header-publishing = , shared with the class
language-ko = 한국어
language-en = English
too-small = The terminal is { $width }x{ $height }. labguide needs at least { $need_width }x{ $need_height }: enlarge the window or use a smaller font.
pane-steps = Steps { $done }/{ $total }
pane-activity = Actions and checks

## Footer keys
key-close = close
key-yes = yes
key-no = no
key-open = open step
key-run = run
key-next = next
key-prev = previous
key-check = check
key-panes = panes
key-help = help
key-quit = quit
meter = ${ $per_hour }/h, ${ $accrued } so far
meter-unknown = ${ $per_hour }/h + unknown, ${ $accrued } so far
costs-title = What bills now
nothing-bills = Nothing from the workshop bills by the hour now.
confirm-quit-title = Resources are still billing
confirm-quit = These keep billing after you quit. Clean up first, or quit and leave them running?
key-cleanup = clean up
key-stay = stay
help-costs = what bills now, and what it costs
key-scroll = scroll
glossary-title = Glossary
glossary-empty = This workshop has no glossary.
help-glossary = glossary of the workshop's terms
key-confirm = confirm
key-cancel = cancel
ask-title = A value for this step
ask-empty = Type a value first.
ask-too-long = That is too long: at most { $max } characters.
ask-bad-characters = Use only English letters, digits and "-".
ask-bad-ends = It must start and end with a letter or a digit.
ask-not-s3 = Type an S3 address, such as s3://my-bucket/reviews/.
var-refused = --var { $name }: { $why }

## Markdown alerts
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution

## Tags
tag-locked = locked
tag-done = done
tag-failed = check failed
tag-draft = draft text

## Activity pane
activity-read-only = Nothing to run or check here: read the step, then press n to go on.
role-action = Actions
hint-label = Hint:
role-check = Checks
stack-heading = Stack { $stack } ({ $elapsed }):
stack-rollback-advice = Creating { $stack } failed and was rolled back: the stack holds nothing but keeps its name. Fix the cause above, then press Enter on the launch action again: labguide deletes the empty stack and launches a new one.
stack-outputs = Outputs:

## Help
help-title = Keys
help-next-step = next step
help-prev-step = previous step
help-move = scroll or move the selection
help-page = page down / up
help-top-bottom = top / bottom
help-panes = switch between panes
help-activate = open the step, or run the selected action
help-check = run this step's checks
help-mark-done = mark the step done by hand (asks first)
help-alternative = start a refused launch on the smaller choice offered
help-values = change your initials or data location
help-language = switch language (한국어 / English)
help-both = both languages side by side
help-present = presenter mode
help-close = close a window or message
help-quit = quit (progress is kept)

## Confirmations
confirm-title = Mark as done
confirm-mark-done = Mark "{ $title }" as done without its checks passing? Do this only if you finished the step outside labguide.
confirm-delete-title = This deletes resources
confirm-delete = "{ $action }" deletes only your own workshop resources (those in labguide's record, with your tag, under your notebook's role or with your own names) and nothing else in the account. To see the list first, run "labguide cleanup --dry-run". Go ahead?
confirm-delete-yours = Yours, deleted ({ $count }):
confirm-delete-shared = Shared by the class, kept for classmates ({ $count }):
confirm-delete-not-yours = Not yours, left alone ({ $count }):
confirm-cost-title = This costs money
confirm-cost = "{ $action }" starts resources that bill about ${ $per_hour } an hour (on-demand in { $region }, prices checked { $checked }) until they are deleted. Start it?
confirm-cost-unknown = "{ $action }" starts resources that bill until they are deleted; labguide does not know their price in { $region }. Start it?
confirm-cost-job = "{ $action }" bills about ${ $per_hour } an hour while it runs and stops itself after { $minutes } minutes at most, so it costs at most about ${ $most } (on-demand in { $region }, prices checked { $checked }). Start it?
confirm-launch = It starts { $count } x { $instance_type } ({ $gpus } GPUs each) with the image { $image }.
confirm-launch-reads = It reads { $place }

## Notices
notice-locked = This step is locked: finish "{ $title }" first.
notice-alternative = Press a to start it on { $count } x { $instance_type } instead (labguide shows the price first).
notice-no-alternative = No refused launch here has another choice to offer.
notice-marked-done = "{ $title }" marked as done.
notice-already-running = That action is already running.
notice-last-step = This is the last step.
notice-step-done = "{ $title }" is done.
notice-step-done-next = "{ $title }" is done. Press n for the next step: { $next }.
notice-checks-failed = A check of "{ $title }" failed: see the reason above, fix it, and press c to check again.
notice-checks-pending = Some checks cannot run yet. If you finished the step, press d to mark it done.
notice-progress-corrupt = The saved progress could not be read. It was kept as { $path }, and you are starting fresh.

## Results of actions and checks
report-stack-created = Stack { $stack } is ready.
report-stack-deleted = Stack { $stack } is gone.
report-stack-status = Stack { $stack } is { $actual }, not { $expected } yet.
report-stack-failed = Stack { $stack } ended as { $status }. { $reason }
report-stack-missing = There is no stack { $stack }. Launch it with the action above.
report-stack-still-there = Stack { $stack } still exists ({ $status }).
report-endpoints-gone = No endpoint whose name starts with { $prefix } is left.
report-endpoints-left = { $count ->
    [one] An endpoint is
   *[other] { $count } endpoints are
} still there: { $names }. Run the step's action (Enter) to delete them, then check again (c).
report-notebook-status = Notebook { $notebook } is { $actual }, not { $expected } yet.
report-notebook-missing = There is no notebook instance { $notebook }.
report-unset-variable = The value "{ $name }" is not set.
report-template-unreadable = Cannot read the template { $path }: { $error }
report-matches = { $what } is { $status }.
report-dataset-readable = { $uri } can be read ({ $objects } files).
report-dataset-forbidden = { $uri } returns 403 (Access Denied). The original public bucket has been closed since 2023: put a copy of the data in your own bucket, then press v and type its address.
report-dataset-missing = There is no bucket for { $uri }. Check the address (press v to change it).
report-dataset-empty = Nothing is stored under { $uri } yet. Upload the data files there, then check again.
report-quota-enough = The quota "{ $quota }" is { $value }.
report-quota-too-low = The quota "{ $quota }" is { $value }; this step needs at least { $min }. Request an increase in Service Quotas, or use a smaller instance and mark the step done with d.
price-unknown = an unknown price
report-quota-unknown = Service Quotas lists no quota named "{ $quota }" in this region.
report-region-unknown = labguide does not know the image registry for the region { $region }. It knows { $known }: choose one of these with --region or AWS_REGION.
report-instance-not-offered = SageMaker AI training does not offer { $instance_type } in { $region }. Nothing was started.
report-launch-quota = Your training quota for { $instance_type } is { $have }; this job needs { $need }. Nothing was started.
report-alternative = It can run on { $count } x { $instance_type } instead ({ $price } an hour): run the step with --var { $var }, for example labguide run <step> --yes --var { $var }. Or request more quota in Service Quotas.
report-no-alternative = No smaller choice fits either: request more quota in Service Quotas (increases for GPUs take a day or more), then run the step again.
report-data-not-ready = The job reads { $uri }, which holds nothing yet. Run the step's data action first (it fills that location), then start this one again. Nothing was started.
report-copied = Copied { $count } object(s) from { $from } to { $to }.
report-answers = The endpoint { $endpoint } answered:
report-answer = true { $label }: { $answer }
report-variants-left = { $endpoint } still serves { $variants }; the canary is done when { $only } serves alone. Run the remaining stages.
report-variant-served-nothing = { $variant } of { $endpoint } has not answered any requests yet. Start the test traffic of this step, wait a minute (CloudWatch counts by the minute), then check again.
task-endpoint_serves_only = endpoint { $name_prefix }* serves only { $only }, which has answered requests
report-traffic = { $sent } test requests to { $endpoint } ({ $failed } did not get through); the latest were answered by { $split }.
task-send_traffic = send test reviews to { $endpoint_prefix }*, one per second
report-query = Query { $query }: { $state }, { $scanned } scanned, { $cost }.
report-query-output = Results: { $output }
report-query-failed = Query { $query } ended as { $state }: { $reason }
cost-unknown = cost unknown here
report-samples-unreadable = { $uri } is not a samples file labguide can send (JSON with "labels" and "instances"). Run the step's data job again.
report-no-source = None of the data sources could be read: { $tried }. Check the network and your credentials, then try again.
report-code-unreadable = The lab code { $path } cannot be read: { $error }. Reinstall labguide or check --content.
report-resource-status = The newest { $what }, { $name }, is { $status }, not { $expected } yet.
report-resource-missing = No { $what } named { $prefix }... exists yet.
report-bucket-missing = The bucket { $bucket } does not exist yet.
report-bucket-exists = The bucket { $bucket } exists.
task-start_notebook = start notebook { $notebook }
task-stop_notebook = stop notebook { $notebook }
report-objects-missing = Nothing is stored under s3://{ $bucket }/{ $prefix } yet.
report-objects-found = { $count } objects found.
report-notebook-url = Open Jupyter (this sign-in link works for a few minutes): { $url }
report-notebook-starting = Notebook { $notebook } is starting; it takes a few minutes.
report-notebook-stopping = Notebook { $notebook } is stopping; it bills nothing once stopped.
report-sim-only = On real AWS this part happens in the notebook: run its cells there, then press c to check.
report-cleaned-up = { $count ->
    [one] Deleted or stopped 1 resource; nothing of yours is left to delete.
   *[other] Deleted or stopped { $count } resources; nothing of yours is left to delete.
}
report-still-left = { $count ->
    [one] 1 workshop resource is still there ({ $names }).
   *[other] { $count } workshop resources are still there ({ $names }). Run labguide status to see them all.
}
report-canary-stage = { $endpoint } is InService after stage { $stage }; it kept answering throughout.
report-started = Started { $what } { $name }. It runs on its own; press c later to check it.
report-simulated = The notebook step ran on the simulated AWS ({ $count } resources).
kind-training-job = training job
kind-processing-job = processing job
kind-automl-job = Autopilot job
kind-endpoint = endpoint
kind-endpoint-config = endpoint configuration
kind-model = model
kind-comprehend-classifier = Comprehend classifier
kind-comprehend-endpoint = Comprehend endpoint
cloud-not-found = { $what } was not found.
cloud-quota-exceeded = An AWS quota stops this: { $detail } Request an increase in Service Quotas or use a smaller instance type.
cloud-region-disabled = The region { $region } is not enabled for this account. Enable it in the account settings or choose another with --region.

## Cloud failures: what happened, and what to do
cloud-no-credentials = No AWS credentials found. Run "aws configure" or "aws sso login", or set AWS_PROFILE, then try again.
cloud-expired = Your AWS credentials have expired. Sign in again (for SSO: aws sso login) and try again.
cloud-clock-skew = AWS refused the request because this computer's clock is off by more than a few minutes. Set the clock right (for example: sudo timedatectl set-ntp true, or sync it in your system settings) and try again. Your credentials are fine.
cloud-sso-expired = Your AWS SSO sign-in has expired. Run { $login } in a shell, then try again.
watch-paused = The live views pause and go on by themselves once you sign in again.
cloud-access-denied = Access denied for { $action }. Ask your account administrator for that permission, or use the workshop's role.
cloud-throttled = AWS is throttling requests (too many calls in this account at once). Wait a minute, then try again.
cloud-unreachable = Cannot reach { $endpoint }. Check the network connection and try again.
cloud-timeout = AWS did not answer in time. Check the network and try again.
cloud-already-exists = { $name } already exists.
cloud-invalid = AWS rejected the request: { $detail }
cloud-other = AWS error: { $detail }
cloud-server-error = AWS failed on its side ({ $detail }). Try again in a moment.

## Content validation
diag-error = error
diag-warning = warning
diag-unreadable = cannot read this file: { $error }
diag-syntax = not valid TOML: { $error }
diag-format = format { $version } is not supported; this labguide reads format 1
diag-bad-id = "{ $id }" is not a valid id: use lowercase letters, digits and "-"
diag-duplicate-id = the id "{ $id }" is used twice
diag-empty-title = the { $language } title is empty
diag-long-title = the { $language } title is { $width } columns wide; the step list shows { $max }
diag-missing-text = step "{ $step }" has no { $language } text (expected this file)
diag-placeholder = the { $language } text of step "{ $step }" is still a placeholder
diag-not-nfc = the text is not in Unicode NFC; save it normalized (e.g. with "uconv -x nfc")
diag-missing-hint = the check { $kind } of step "{ $step }" has no hint: add hint = { "{" } ko = "...", en = "..." { "}" } to its table, saying what to look at when it fails
diag-hint-too-long = a hint of step "{ $step }" ({ $language }) takes { $rows } rows in the narrowest activity pane, which shows { $max }: shorten it to the one thing to look at
diag-missing-by-hand = step "{ $step }" has no text on doing it by hand: add ko/by-hand/{ $step }.md and en/by-hand/{ $step }.md (console and CLI path)
diag-unknown-kind = unknown kind "{ $kind }"; CONTENT.md lists the kinds
diag-wrong-role = "{ $kind }" cannot be used as { $expected }
diag-missing-param = { $kind } needs the parameter "{ $param }"
diag-unknown-param = { $kind } has no parameter "{ $param }"
diag-bad-param-type = { $kind }: "{ $param }" must be a { $expected }
diag-bad-param-value = { $kind }: "{ $param }" is "{ $value }"; use one of { $allowed }
diag-unknown-variable = "{ "${" }{ $name }{ "}" }" is not defined in [vars]
diag-no-placeholder = "{ "${" }{ $name }{ "}" }" may have no value yet when the text is shown: give it a placeholder in [placeholders] (ko and en)
diag-source-changed = { $from }:{ $line } changed since this file was translated from it ("{ $excerpt }"). Bring this file up to date, then record it: labguide validate --mark-translated { $file }
diag-source-removed = { $count ->
    [one] one block of { $from } was
   *[other] { $count } blocks of { $from } were
} removed since this file was translated from it. Remove them here too, then record it: labguide validate --mark-translated { $file }
diag-no-translation-record = translations.toml does not say what this file was translated from. Once both languages say the same, record it: labguide validate --mark-translated { $file }
mark-needs-content = --mark-translated writes translations.toml in the content folder: give it with --content, e.g. labguide --content content validate --mark-translated en/setup-stack.md
mark-unknown-file = { $file } is not a text of the content folder that labguide can record (give a path such as en/setup-stack.md).
mark-done = { $count ->
    [one] One translation recorded
   *[other] { $count } translations recorded
} as up to date in translations.toml.
diag-unknown-rule = unknown rule "{ $rule }"; use name, s3-uri or any
diag-broken-link = the link { $target } points to no step
diag-wide-line = a code or diagram line is { $width } columns wide; keep it within { $max }
diag-no-steps = the workshop has no steps
diag-no-sim-plan = the simulated AWS has no plan for the notebook step "{ $step }": add [{ $step }] to sim.toml
diag-unknown-metric = "{ $name }" is not a metric of this job
diag-locale-missing = the message { $id } is missing in the { $language } locale
diag-locale-variables = the message { $id } uses different variables in the two locales
diag-unknown-reference = { $owner } names the { $what } "{ $name }", which assets/images.toml, jobs.toml or assets/labs/ do not have
diag-bad-regex = the metric { $metric } has a regular expression that does not compile
diag-unknown-price = assets/prices.toml has no price "{ $key }" for { $region }: use an instance type or other price it lists, or add the figure with where it comes from
diag-unpriced = { $owner } can start { $instance_type }, which has no price for { $region } in assets/prices.toml: add it, with where the figure comes from
diag-unpriced-key = { $owner } bills by { $key }, which has no figure for { $region } in assets/prices.toml ([regions.{ $region }.other]): add it, with where the figure comes from
validate-summary = { $steps } steps, { $errors } errors, { $warnings } warnings.
content-unusable = The workshop content cannot be used:

## Command line
steps-col-id = id
steps-col-section = section
steps-col-state = state
steps-col-title = title
unknown-step = There is no step "{ $id }". Steps: { $known }
check-needs-value = needs the value "{ $name }": run labguide and answer, or pass --var { $name }=VALUE
check-nothing-to-check = nothing to check
reset-confirm = Forget all saved progress in { $dir } and start over? [y/N]
reset-cancelled = Nothing was changed.
reset-failed = Could not reset: { $error }
reset-done = Progress cleared; starting over.
item-objects = S3 objects
item-bucket = S3 bucket
item-glue-database = Glue database
item-iam-role = IAM role
item-notebook = notebook instance
item-stack = CloudFormation stack
item-log-group = log group (kept)
item-unchecked = not checked (permission denied)
total-per-hour = Running now: ${ $total } an hour.
total-per-hour-unknown = Running now: ${ $total } an hour, plus some whose price labguide does not know.
nothing-left = Nothing of the workshop is left.
accrued = Billed so far, as labguide counted it: ${ $accrued } (on-demand prices; the AWS bill is what counts).
cleanup-kept = { $count ->
    [one] This log group stays (it holds other jobs' logs too; delete it in the console if you wish):
   *[other] These { $count } log groups stay (they hold other jobs' logs too; delete them in the console if you wish):
}
cleanup-will-delete = { $count ->
    [one] This one is yours and will be deleted (a job is stopped instead):
   *[other] These { $count } are yours and will be deleted (jobs are stopped instead):
}
cleanup-confirm = Delete them? Nothing else in the account is touched. [y/N]
cleanup-deleted = deleted { $what } { $name }
cleanup-failed = could not delete { $what } { $name }: { $reason }
cleanup-left = { $count ->
    [one] 1 resource is still there:
   *[other] { $count } resources are still there:
}
why-recorded = made by labguide
why-tagged = your tag
why-role = your role
why-uses = built on yours
why-named = your name
why-shared-free = shared, no classmates
why-shared-kept = shared with { $classmates ->
    [one] 1 classmate
   *[other] { $classmates } classmates
}
why-not-yours = not yours
why-listed = kept
why-their-tag = their tag
why-their-role = their notebook's role
why-built-on-theirs = built on theirs
why-their-name = their name
why-class-shared = the class's
why-nobodys = no learner's
cleanup-not-yours = { $count ->
    [one] Not yours, left alone (it has a workshop-like name, but neither labguide's record, your tag, your notebook's role nor your names make it yours):
   *[other] Not yours, left alone ({ $count } with workshop-like names, but neither labguide's record, your tag, your notebook's role nor your names make them yours):
}
cleanup-shared-kept = { $count ->
    [one] Shared by the class and kept while classmates' workshops are in the account (the instructor's class cleanup removes it):
   *[other] Shared by the class and kept while classmates' workshops are in the account ({ $count }; the instructor's class cleanup removes them):
}
cleanup-goes-with-stack = notebook instance { $name } goes with stack { $stack }
cleanup-waiting = waiting for { $name } to be { $until ->
    [stopped] stopped
    [free] free of what uses it
   *[deleted] deleted
} ({ $seconds } s so far)
cleanup-interrupted = { $count ->
    [one] Interrupted. This one of yours was not deleted yet; run the cleanup again to finish:
   *[other] Interrupted. These { $count } of yours were not deleted yet; run the cleanup again to finish:
}
nothing-of-yours-left-shared-kept = Nothing of yours is left. { $count ->
    [one] One resource the class shares is kept
   *[other] { $count } resources the class shares are kept
} for { $classmates ->
    [one] 1 classmate
   *[other] { $classmates } classmates
} whose workshops are still in the account.
plan-unreadable = Cannot read the cleanup plan { $file }: { $reason }. Write a new one with labguide cleanup --dry-run --plan { $file }.
plan-written = The plan is in { $file }. Carry out exactly this plan with: labguide cleanup --plan { $file } --yes
plan-not-written = Could not write the plan to { $file }: { $reason }. Nothing was deleted.
plan-version = The plan was written by another labguide (plan format { $version }). Write a new one with --dry-run --plan.
plan-other-target = The plan was made for { $what } { $planned }, but this is { $now }. Nothing was deleted; write a new plan here with --dry-run --plan.
plan-no-longer-yours = The account changed since the plan: { $name } is no longer yours to delete (a classmate's workshop may have appeared). Nothing was deleted; write a new plan with --dry-run --plan.
plan-new = The account changed since the plan: { $name } is yours but not in the plan. Nothing was deleted; write a new plan with --dry-run --plan.
cloud-in-use = { $what } is still in use; wait until what uses it is gone, then try again.
terminal-failed = The terminal stopped working: { $error }. Your progress is saved.
needs-terminal = labguide's interface needs a terminal (standard input and output are not one). For scripts, use "labguide steps", "labguide render" or "labguide validate".
state-in-use = Another labguide is already using { $dir }. Close it first, or give this one its own folder with --state-dir.

## Actions and checks, by kind
task-create_stack = launch stack { $stack }
task-delete_stack = delete stack { $stack }
task-open_notebook = open Jupyter on { $notebook }
task-simulate_notebook = simulate the notebook part ({ $notebook_step })
task-start_automl_job = start an Autopilot job ({ $name_prefix }*)
task-start_comprehend_classifier = train a Comprehend classifier ({ $name_prefix }*)
task-create_comprehend_endpoint = create a Comprehend endpoint ({ $name_prefix }*)
task-deploy_endpoint = deploy an endpoint ({ $name_prefix }*)
task-deploy_automl = deploy the best Autopilot candidate ({ $name_prefix }*)
task-launch_job = start the job { $job }
task-copy_data = copy the data to { $to }
task-run_query = run the Athena query { $query }
task-ask_endpoint = send { $samples } to { $endpoint_prefix }*
task-ask_comprehend = classify a few test reviews with { $endpoint_prefix }*
task-canary_stage = canary stage { $stage } on { $endpoint_prefix }*
task-delete_workshop_endpoints = delete only the workshop's endpoints
task-cleanup = clean up everything the workshop created
task-stack_status = stack { $stack } is { $is }
task-stack_absent = stack { $stack } is gone
task-notebook_status = notebook { $notebook } is { $is }
task-dataset_reachable = dataset { $uri } can be read
task-service_quota = quota "{ $quota_name }" is at least { $min }
task-training_job_status = training job { $name_prefix }* is { $is }
task-processing_job_status = processing job { $name_prefix }* is { $is }
task-automl_job_status = Autopilot job { $name_prefix }* is { $is }
task-comprehend_classifier_status = Comprehend classifier { $name_prefix }* is { $is }
task-endpoint_status = endpoint { $name_prefix }* is { $is }
task-endpoints_gone = no endpoint { $name_prefix }* is left
task-bucket_exists = bucket { $bucket } exists
task-objects_exist = objects exist under s3://{ $bucket }/{ $prefix }
task-nothing_left = nothing of yours is left to delete

## Live view (w) and the calls overlay (D)
help-live = live view: status, charts, log (f there: pause/follow)
help-calls = API calls in the last minute (for debugging)
notice-nothing-live = This step has nothing to watch live.
key-next-resource = next resource
key-live = live view
key-follow = follow
key-pause = pause
calls-title = API calls, last minute
calls-none = No calls in the last minute.
calls-total = { $count } calls in all
live-waiting = waiting for { $prefix }
live-billable = billable
live-rules = Debugger:
live-inference-units = Inference units: { $current } now, { $desired } wanted
live-variants-heading = Variants (weight and instances: now → wanted)
live-weight = weight
live-instances = instances
live-candidates-heading = Candidates: { $count }, best { $metric } first
live-log-paused = Log paused: { $new } new lines held back (f follows again)
live-log-following = Log, following ({ $lines } lines so far)
live-log-empty = No log lines yet: they start once the script runs.
live-log-quiet = Log: nothing new since { $time } ({ $minutes } min; { $lines } lines in all)
live-issues-found = Debugger found issues
live-open-hint = w: live view
confirm-canary-title = This changes a serving endpoint
confirm-canary = On { $endpoint } (now: { $now }): { $change } The endpoint shows Updating and keeps answering throughout. Go ahead?
canary-split-50-50 = a new configuration with VariantA (the model serving now) and VariantB (the new model), half the traffic each, replaces the current one.
canary-shift-100-0 = all traffic goes to VariantB, the new model, and none to VariantA, in place, without a new configuration.
canary-single-variant = a new configuration with VariantB alone replaces the current one; VariantA's instance goes away.

# labguide run
# `labguide run STEP`: a step's actions without the interface (src/cli/run.rs).

run-see-steps = "labguide steps" lists every step with its id and title.
run-no-actions = Step "{ $step }" has no actions to run. To check it, run "labguide check { $step }".
run-needs-value = Step "{ $step }" needs the value "{ $name }", which is not set yet, so nothing was run. Add --var { $name }=VALUE, or enter it in labguide.
run-asks-first = Nothing was run: in labguide, these actions of "{ $step }" ask you to confirm first.
run-would-bill = { $action }: starts resources that bill about ${ $per_hour } an hour (on-demand in { $region }, prices checked { $checked }) until they are deleted
run-would-bill-unknown = { $action }: starts resources that bill by the hour until they are deleted; labguide does not know their price in { $region }
run-would-delete = { $action }: deletes the workshop's resources and nothing else in the account ("labguide cleanup --dry-run" lists them)
run-would-change = { $action }: { $change }
run-add-yes = To run them, add --yes: labguide run { $step } --yes
run-not-run-needs-yes = not run: nothing runs without --yes
run-not-run-after-failure = not run: an earlier action failed
run-starting = [{ $n }/{ $total }] { $action }
run-traffic-beside = Sending test requests while the next actions run; they stop when this command ends.
run-passed = done
run-all-passed = { $count ->
    [one] The action of "{ $step }" is done.
   *[other] All { $count } actions of "{ $step }" are done.
} "labguide check { $step }" checks the step.
run-failed = "{ $action }" failed: { $reason }
run-failed-hint = Nothing after it was run. It may need what an earlier step makes ("labguide steps" lists them in order). Once the cause is fixed, run it again with "labguide run { $step }"; "labguide status" shows what exists now.
run-interrupted-running = started, but labguide stopped waiting for it (Ctrl-C)
run-interrupted = Stopped waiting for "{ $action }". It was already started and keeps running in AWS: labguide does not stop it.
run-interrupted-done = Done before it: { $done }
run-interrupted-hint = "labguide status" shows what exists now and what it costs an hour; "labguide cleanup" deletes it.

# live rules and comparison
# labguide's own rules on a training job (src/app/rules.rs), drawn in the live view where
# Debugger's verdicts were, and the comparison of the step's training jobs (lab 3).

live-rules-found = issues: { $rules }
live-labguide-rules = Rules:
rule-status-not-enough-data = no data yet
rule-status-no-issues = ok
rule-status-issues-found = issues found
rule-loss-not-decreasing = { $metric } has stopped falling: its last { $points } points average { $recent }, the { $points } before them { $before }. If it flattened late, more epochs will not help: stop early or train fewer. If it never fell, lower the learning rate (--lr) and check that the labels match the data.
rule-overfit = { $test } rose from its best { $best } to { $last } while { $train } kept falling: the model is memorizing the training set. Stop at the best epoch (early stopping), train fewer epochs, or add augmentation or weight decay.
rule-low-gpu = { $host }'s GPUs averaged { $percent }% each over the last { $minutes } minutes of training (under { $threshold }%): they are waiting for data. Give the data loader more workers (--workers) or use a bigger batch (--batch-size); if that does not help, a smaller instance costs less for the same speed.
rule-stalled = No metric point or log line for { $minutes } minutes while the job is { $status }: the script may be hanging (hosts waiting on each other, a stuck download). Read the last log lines; if nothing moves, stop the job, since it keeps billing.
compare-job = job
compare-status = status
compare-settings = settings
compare-wall = wall time
compare-throughput = { $metric } mean
compare-accuracy-final = { $metric } final
compare-accuracy-last = { $metric } latest
compare-cost = cost so far
compare-waiting = not started
compare-price-unknown = price unknown

# Copying a code block (y)
help-copy = copy the code block in view (again: the next one)
key-copy = copy code
help-by-hand = how to do this step by hand (console and CLI)
key-by-hand = by hand
by-hand-title = By hand: { $step }
notice-no-by-hand = This step has nothing to do by hand: it only explains.
notice-by-hand-copied = Copied the code block in view to the clipboard (where the terminal allows it).
key-next-code = next block
code-title = Code block { $index } of { $total }
code-sent = Sent to your clipboard (OSC 52). If it did not arrive, select the lines below.
code-more = { $count ->
    [one] One more line does not fit: the clipboard has it, a taller window shows it.
   *[other] { $count } more lines do not fit: the clipboard has them, a taller window shows them.
}
notice-no-code = This step has no code block to copy.
notice-actions-first = Run this step's actions first (Enter): this step has no checks, so it is done once its actions have succeeded.
diag-avoided-term = "{ $found }" is a word this workshop avoids: write "{ $instead }" (content/terminology.toml)
diag-locale-duplicate = the message { $id } is defined twice: only the first is ever shown. Remove or rename the second.

## labguide class
class-sim-only = --sim-learners rehearses a class on the simulated AWS only: leave out --aws and --profile.
class-no-account = The account is not known, so the class's bucket cannot be named: check your AWS credentials and try again.
class-empty = No learner has published progress to this account yet. Each learner's labguide publishes once the learner's initials are given (unless it runs with --no-publish).
class-col-learner = Learner
class-col-step = Step
class-col-done = Done
class-col-on-step = On it
class-col-state = State
class-col-cost = Running
class-stuck-failing = stuck: { $check } failing
class-stuck = stuck: long on this step
class-failing = { $check } failing
class-fine = on track
class-minutes = { $minutes } min
class-summary = { $learners } learners, { $stuck } stuck; the class's resources cost ${ $total } an hour.
class-looking = Looking at the class…
class-keys = j/k scroll   PgUp/PgDn page   r look again now   q quit
class-cleanup-active-one = { $initials } ({ $minutes } min ago)
class-cleanup-active = { $count ->
    [one] One learner's labguide noted a change in the last { $minutes } minutes, so they may still be working: { $who }. Ask them to finish (their cleanup step, or quit labguide), or run again with --force.
   *[other] { $count } learners' labguide noted a change in the last { $minutes } minutes, so they may still be working: { $who }. Ask them to finish (their cleanup step, or quit labguide), or run again with --force.
}
class-cleanup-skipped = Left out { $initials }: { $why }
class-cleanup-learner = { $initials }: { $count ->
    [one] 1 resource of theirs will be deleted (a job is stopped instead):
   *[other] { $count } resources of theirs will be deleted (jobs are stopped instead):
}
class-cleanup-shared = { $count ->
    [one] Shared by the class, deleted last, once every learner's part is gone:
   *[other] Shared by the class ({ $count }), deleted last, once every learner's part is gone:
}
class-cleanup-buckets = The workshop's buckets go last, each once nothing else is left in it.
class-cleanup-foreign = { $count ->
    [one] No learner's rules make this one theirs, so it is left alone:
   *[other] No learner's rules make these { $count } theirs, so they are left alone:
}
class-cleanup-unchecked = { $count ->
    [one] Your permissions did not allow one lookup, so what it would find is not proven gone:
   *[other] Your permissions did not allow { $count } lookups, so what they would find is not proven gone:
}
class-cleanup-nothing = { $learners ->
    [0] No learner's workshop is in this account, and nothing the class shared is left.
    [one] Nothing of the 1 learner's workshop is left to delete.
   *[other] Nothing of the { $learners } learners' workshops is left to delete.
}
class-cleanup-confirm = Delete all of this, learner by learner, then what the class shares? Nothing else in the account is touched. [y/N]
class-cleanup-part = ── { $initials } ──
class-cleanup-part-shared = ── shared by the class ──
class-cleanup-learner-done = { $initials }: { $deleted } deleted, which cost ${ $usd } an hour{ $unknown ->
    [yes] {" "}plus some at prices labguide does not know
   *[no] {""}
}. Nothing of theirs is left.
class-cleanup-learner-none = { $initials }: nothing of theirs was there.
class-cleanup-learner-left = { $initials }: { $count ->
    [one] 1 resource of theirs is still there:
   *[other] { $count } resources of theirs are still there:
}
class-cleanup-shared-done = Shared: { $deleted } deleted; nothing the class shared is left.
class-cleanup-shared-left = { $count ->
    [one] Shared: 1 resource is still there:
   *[other] Shared: { $count } resources are still there:
}
class-cleanup-all-gone = Nothing of the class's workshop is left in this account ({ $learners ->
    [one] 1 learner
   *[other] { $learners } learners
}, { $deleted } resources deleted).
class-cleanup-some-left = { $count ->
    [one] 1 resource is still there (above): run labguide class cleanup again in a few minutes, or delete it in the console.
   *[other] { $count } resources are still there (above): run labguide class cleanup again in a few minutes, or delete them in the console.
}
class-cleanup-interrupted = Interrupted. What was not deleted yet is still there: run labguide class cleanup again to finish.

## labguide notes
notes-waiting = Waiting for the presenting labguide…
notes-budget = { $section }: { $spent } of { $minutes } min
notes-spent = { $section }: { $spent } min
notes-none = No speaker notes for this step.
notes-start-presenter = Start labguide in the other terminal with the same state folder ({ $dir }); the notes follow it.
notes-keys = j/k scroll   PgUp/PgDn page   q quit   (following the presenter)
notes-keys-waiting = q quit   (looking for the presenter every second)
