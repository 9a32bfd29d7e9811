document.title = "NxForge";
