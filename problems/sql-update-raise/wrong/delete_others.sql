-- Not an UPDATE: deletes everybody outside Sales. Refused.
DELETE FROM Employees WHERE dept <> 'Sales';
