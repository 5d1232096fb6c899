"""What people take away: exports (question list, plan, handout, completion record, group report),
plain text for `read`, and the help page; each built as a Document and rendered as txt/md/html."""
