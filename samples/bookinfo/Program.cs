// Placeholder: the Bookinfo services (productpage, details, reviews v1-v3, ratings) are being written.
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
