-- The same rows chosen with IN.
UPDATE Employees SET salary = salary + 500 WHERE dept IN ('Sales');
