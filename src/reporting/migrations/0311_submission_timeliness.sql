-- Timeliness counts the first submission, not the latest: a report returned for correction and
-- resubmitted later was still on time if it first arrived by the due date.
alter table submissions add column first_submitted_at timestamptz;

-- Completeness and the late list scan submissions per form and period.
create index submissions_form_period_idx on submissions (form_id, period);
create index form_elements_element_idx on form_elements (element_id);
create index validation_rules_form_idx on validation_rules (form_id);
