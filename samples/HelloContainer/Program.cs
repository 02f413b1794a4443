Console.WriteLine("Hello from a container image signed through SignPath.");
