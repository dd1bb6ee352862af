-- Forgets the WHERE: everybody gets the raise.
UPDATE Employees SET salary = salary + 500;
